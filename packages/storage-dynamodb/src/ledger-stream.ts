/**
 * The ledger seen from the table's DynamoDB stream: which records are ledger items, and whose.
 * Derived documents (the positions snapshot) are rewritten by a consumer of that stream, not by the
 * command that appended (docs/telegram.md, "Derived data follows the ledger").
 */
import { PORTFOLIO_KEY_PREFIX, TRADE_KEY_PREFIX } from './ledger-item';
import { TABLE_DEFINITION } from './table';

/**
 * The event filter (Lambda event filtering, the pattern of an event source mapping's
 * `filter_criteria`) that lets through only the stream records of ledger items
 * (`PK=PORTFOLIO#<chat>`, `SK=TRADE#<seq>`): not the proposals and model spend that share the
 * portfolio's partition, nor idempotency records, document leases or alerts. It reads only the keys,
 * so it works on a KEYS_ONLY stream and on any event (insert, modify, remove). Use it wherever the
 * table's stream is consumed: Terraform writes the same pattern (infra/tests compare the two) and
 * local-stack's stream stand-in filters with it.
 */
export const LEDGER_STREAM_FILTER = {
  dynamodb: {
    Keys: {
      [TABLE_DEFINITION.partitionKey]: { S: [{ prefix: PORTFOLIO_KEY_PREFIX }] },
      [TABLE_DEFINITION.sortKey]: { S: [{ prefix: TRADE_KEY_PREFIX }] },
    },
  },
} as const;

/** A stream record's `Keys`: attribute values by attribute name (only string keys matter here). */
export type StreamKeys = Readonly<Record<string, { readonly S?: string } | undefined>>;

const SEQ_SORT_KEY = new RegExp(`^${TRADE_KEY_PREFIX}\\d+$`);

/**
 * The portfolio (chat) whose ledger entry a stream record's keys name, or null when they name any
 * other item. Use it in a stream consumer to group a batch by portfolio; it is stricter than
 * `LEDGER_STREAM_FILTER` (the sort key must be a seq), so a record the filter let through by mistake
 * is recognised and skipped.
 */
export function ledgerPortfolioOf(keys: StreamKeys | undefined): string | null {
  const partition = keys?.[TABLE_DEFINITION.partitionKey]?.S;
  const sort = keys?.[TABLE_DEFINITION.sortKey]?.S;
  if (typeof partition !== 'string' || typeof sort !== 'string') return null;
  if (!partition.startsWith(PORTFOLIO_KEY_PREFIX) || !SEQ_SORT_KEY.test(sort)) return null;
  const portfolioId = partition.slice(PORTFOLIO_KEY_PREFIX.length);
  return portfolioId === '' ? null : portfolioId;
}
