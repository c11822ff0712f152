import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handleType, retry, type RetryPolicy } from 'cockatiel';
import {
  err,
  ok,
  recordedFromSameSource,
  replayWithTrade,
  validateDraft,
  type Clock,
  type DomainError,
  type EntryDraft,
  type LedgerAppend,
  type LedgerEntry,
  type Result,
  type TradeEntry,
  type TradeLedger,
} from '@tradebot/core-domain';
import { DocumentClient, PutCommand } from './documents';
import { LedgerContentionError } from './errors';
import { fromItem, portfolioKey, toItem, TRADE_KEY_PREFIX, tradeKey } from './ledger-item';
import { fullJitterBackoff, isConditionFailure, KeyTakenError, queryAll, systemClock, unavailable } from './vendor';

/** Tuning of `DynamoTradeLedger`; the defaults suit a chat bot. */
export interface DynamoTradeLedgerOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Stamps `recordedAt`. Default: the wall clock. */
  readonly clock?: Clock;
  /**
   * Conditional puts on a freshly read ledger before `LedgerContentionError` (default 30). A warm
   * instance's first, optimistic put on the ledger it remembers is not counted: its miss only
   * means the memory was behind.
   */
  readonly maxAttempts?: number;
  /** Full-jitter backoff between attempts: base and cap in ms (defaults 5 and 200). */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
}

/** The seq of the newest entry (entries in seq order), 0 for an empty ledger. */
const lastSeqOf = (entries: readonly LedgerEntry[]): number => (entries.length === 0 ? 0 : entries[entries.length - 1]!.seq);

/**
 * The trade ledger in DynamoDB (`PK=PORTFOLIO#<id>`, `SK=TRADE#<seq>`), append-only with gapless
 * sequence numbers. Use it as the `TradeLedger` of every function that records or reads trades.
 *
 * `append` reads the ledger (one paginated, strongly consistent Query), returns the existing entry
 * when one came from the same source (`updateId`/`importId`: a redelivery whose first run died
 * after writing), validates the draft with
 * core-domain's `validateDraft`, then puts the entry at the next seq only if that seq is still free.
 * A writer that loses the race reads what was added meanwhile, validates again (a sale must still
 * have its shares) and retries with full-jitter backoff (a cockatiel retry policy); after `maxAttempts` it throws
 * `LedgerContentionError` having written nothing. No transactions are needed.
 *
 * A warm instance remembers the entries it has read: entries are immutable and seqs gapless (a put
 * lands only on the seq right after what its writer read), so no entry can ever appear below one
 * already seen, and each read asks DynamoDB only for seqs after the newest known one. A warm
 * `append` does not even read first: it validates against what it knows and puts at the next seq;
 * if another instance appended meanwhile, that seq is taken, the put fails, and it catches up and
 * validates again as above. Corrections are void entries; deleting ledger items by hand would not
 * be seen by warm instances.
 */
export class DynamoTradeLedger implements TradeLedger {
  private readonly documents: DocumentClient;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  /** Retries a put that lost a race, with full-jitter backoff, `maxAttempts` puts in all. */
  private readonly racePolicy: RetryPolicy;
  /** Entries already read, per portfolio, in seq order (see the class comment for why this is safe). */
  private readonly known = new Map<string, readonly LedgerEntry[]>();

  constructor(private readonly options: DynamoTradeLedgerOptions) {
    this.documents = DocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.clock = options.clock ?? systemClock;
    this.maxAttempts = options.maxAttempts ?? 30;
    this.racePolicy = retry(handleType(KeyTakenError), {
      // cockatiel counts retries after the first try.
      maxAttempts: Math.max(0, this.maxAttempts - 1),
      backoff: fullJitterBackoff(options.backoffBaseMs ?? 5, options.backoffCapMs ?? 200),
    });
  }

  async list(portfolioId: string): Promise<LedgerEntry[]> {
    const known = this.known.get(portfolioId) ?? [];
    const newer = await this.readAfter(portfolioId, lastSeqOf(known));
    const entries = newer.length === 0 ? [...known] : [...known, ...newer];
    this.known.set(portfolioId, entries);
    return [...entries];
  }

  async append(portfolioId: string, draft: EntryDraft): Promise<Result<LedgerAppend, DomainError>> {
    // Warm: validate against what this instance knows and put optimistically. If anyone appended
    // since, they hold seq known+1 (seqs are gapless), so the put fails and we catch up below.
    const known = this.known.get(portfolioId);
    let entries = known ? [...known] : await this.list(portfolioId);
    /** `entries` were just read (not remembered): a taken seq then means a lost race. */
    let fresh = !known;
    /** Another entry is known to exist after `entries`: read it before validating. */
    let behind = false;
    const attempt = async (): Promise<Result<LedgerAppend, DomainError>> => {
      for (;;) {
        if (behind) {
          // Entries are append-only, so reading only what came after our last known seq brings the ledger up to date.
          entries = [...entries, ...(await this.readAfter(portfolioId, lastSeqOf(entries)))];
          behind = false;
          fresh = true;
        }
        // A source (update id, import row) is recorded once: a redelivery after a crashed first run
        // finds its entry here, on a cold read or once a stale warm cache has caught up.
        const recorded = recordedFromSameSource(entries, draft);
        if (recorded) return ok({ entry: recorded, entries: [...entries], alreadyRecorded: true });
        const item = toItem(portfolioId, lastSeqOf(entries) + 1, this.clock.now().toISOString(), draft);
        // A trade is validated by replaying the ledger with it, as stored: that replay is the state
        // after the append, handed back so the caller does not replay again.
        const trade = draft.kind === 'trade' ? (fromItem(item) as TradeEntry) : undefined;
        const verdict = trade ? replayWithTrade(entries, trade) : validateDraft(entries, draft);
        if (!verdict.ok) {
          if (fresh) return err(verdict.error);
          // A refusal must rest on the current ledger (another instance may have bought the shares).
          behind = true;
          continue;
        }
        if (await this.putIfSeqFree(item)) {
          const entry = trade ?? fromItem(item);
          const updated = [...entries, entry];
          this.known.set(portfolioId, updated);
          return ok({ entry, entries: [...updated], ...(verdict.value ? { state: verdict.value } : {}) });
        }
        // The seq is taken: by an entry this warm instance had not seen yet (catch up and put again
        // at once), or, on a fresh read, by a concurrent writer (back off, catch up, validate again).
        behind = true;
        if (fresh) throw new KeyTakenError();
      }
    };
    try {
      return await this.racePolicy.execute(attempt);
    } catch (error) {
      if (error instanceof KeyTakenError) throw new LedgerContentionError(portfolioId, this.maxAttempts);
      throw error;
    }
  }

  /** Puts the entry if its seq is still free; false when another writer holds it. */
  private async putIfSeqFree(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.documents.send(new PutCommand({ TableName: this.options.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw unavailable('PutItem', error);
    }
  }

  /** Entries with seq > `afterSeq`, in seq order, following every page. */
  private async readAfter(portfolioId: string, afterSeq: number): Promise<LedgerEntry[]> {
    return queryAll(
      this.documents,
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': portfolioKey(portfolioId), ':from': tradeKey(afterSeq + 1), ':to': `${TRADE_KEY_PREFIX}~` },
        ConsistentRead: true,
      },
      fromItem,
    );
  }
}
