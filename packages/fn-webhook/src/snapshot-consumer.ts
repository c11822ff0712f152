/**
 * The positions snapshot writer: `portfolio/current_positions.json` follows the ledger through the
 * table's DynamoDB stream, off the webhook's path (docs/telegram.md, "Derived data follows the ledger").
 */
import { replay, type Clock, type SnapshotRepository, type TradeLedger } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import { ledgerPortfolioOf } from '@tradebot/storage-dynamodb';
import { positionsSnapshot } from '@tradebot/telegram-bot';
import type { DynamoDBBatchItemFailure, DynamoDBBatchResponse } from 'aws-lambda';
import type { ChildLogger } from './app';
import { SnapshotEventError } from './errors';
import { LOG_EVENTS } from './log-events';

/** What the writer reads and writes: the ledger (the truth) and the snapshot document. */
export interface SnapshotConsumerDependencies {
  readonly ledger: TradeLedger;
  readonly snapshots: Pick<SnapshotRepository, 'putPositions'>;
  readonly clock: Clock;
  readonly logger: ChildLogger;
}

/** The writer as a function of stream events. */
export interface SnapshotConsumer {
  /** Handles one batch; the records of chats whose snapshot could not be written come back as `batchItemFailures`. */
  handle(event: unknown, context?: { readonly awsRequestId?: string }): Promise<DynamoDBBatchResponse>;
}

const EventSchema = z.object({ Records: z.array(z.unknown()) });

/** The parts of a stream record the writer reads: the item's keys and the record's place in the stream. */
const RecordSchema = z.object({
  eventID: z.optional(z.string()),
  dynamodb: z.object({
    Keys: z.record(z.string(), z.object({ S: z.optional(z.string()) })),
    SequenceNumber: z.string().check(z.minLength(1)),
  }),
});

/**
 * Builds the writer. For each chat whose ledger changed in a batch it reads the ledger (strongly
 * consistent), replays it and writes the snapshot once, so a batch of any size costs one write per
 * chat. It works from the ledger, never from the records: a record delivered twice, late or out of
 * order writes the same document, so retries are safe. A record that is not a ledger item (the
 * mapping's filter should have dropped it) or not a stream record is logged and skipped; the
 * records of a chat whose ledger could not be read or whose snapshot could not be written are
 * returned as `batchItemFailures` (ReportBatchItemFailures), so the event source mapping retries
 * those and the records after them. Use one per process (the Lambda's module scope, `pnpm start`).
 */
export function createSnapshotConsumer(deps: SnapshotConsumerDependencies): SnapshotConsumer {
  async function handle(event: unknown, context?: { readonly awsRequestId?: string }): Promise<DynamoDBBatchResponse> {
    const log = deps.logger.child({ requestId: context?.awsRequestId });
    const parsed = EventSchema.safeParse(event);
    // The mapping only ever sends stream events; anything else is a hand-made invocation gone wrong.
    if (!parsed.success) throw new SnapshotEventError(parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; '));

    // Each chat once, in the order of its last record: the chat changed last is written last.
    const chats = new Map<string, string[]>();
    let skipped = 0;
    for (const raw of parsed.data.Records) {
      const record = RecordSchema.safeParse(raw);
      if (!record.success) {
        skipped += 1;
        log.warn({ issues: record.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'not a DynamoDB stream record; skipped');
        continue;
      }
      const { Keys, SequenceNumber } = record.data.dynamodb;
      const chat = ledgerPortfolioOf(Keys);
      if (chat === null) {
        skipped += 1;
        log.warn({ keys: Keys, sequenceNumber: SequenceNumber }, 'stream record of an item that is not a ledger entry; skipped');
        continue;
      }
      const sequenceNumbers = chats.get(chat) ?? [];
      chats.delete(chat);
      chats.set(chat, [...sequenceNumbers, SequenceNumber]);
    }

    const batchItemFailures: DynamoDBBatchItemFailure[] = [];
    let written = 0;
    for (const [chat, sequenceNumbers] of chats) {
      try {
        const entries = await deps.ledger.list(chat);
        await deps.snapshots.putPositions(positionsSnapshot(chat, replay(entries), deps.clock.now()));
        written += 1;
      } catch (error) {
        log.error({ err: error, chatId: chat, records: sequenceNumbers.length }, 'positions snapshot not written; its records go back to the stream to be retried');
        for (const itemIdentifier of sequenceNumbers) batchItemFailures.push({ itemIdentifier });
      }
    }
    log.info(
      { event: LOG_EVENTS.snapshotsWritten, records: parsed.data.Records.length, chats: written, failed: chats.size - written, skipped },
      'positions snapshots written',
    );
    return { batchItemFailures };
  }

  return { handle };
}
