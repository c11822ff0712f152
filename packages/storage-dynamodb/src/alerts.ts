import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dec, type AlertAddRefusal, type AlertCondition, type AlertFiring, type PriceAlert, type PriceAlertDraft, type PriceAlertStore } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import { DeleteCommand, DocumentClient, PutCommand, UpdateCommand } from './documents';
import { CorruptLedgerItemError } from './errors';
import { isConditionFailure, queryAll, unavailable } from './vendor';

/** `ALERT#<chatId>`: the partition holding one chat's price alerts and their id counter. */
export const alertPartition = (chatId: string): string => `ALERT#${chatId}`;
/** `ALERT#<id, zero-padded to 10>`, so the sort key orders a chat's alerts by id. */
export const alertKey = (id: number): string => `ALERT#${String(id).padStart(10, '0')}`;
/** Sort key of a chat's id counter. */
const COUNTER_KEY = 'COUNTER';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const decimalString = z.string().check(z.regex(DECIMAL, 'a plain decimal string'));

const FiringItem = z.object({
  price: decimalString,
  priceAt: z.string(),
  firedAt: z.string(),
  peak: z.optional(decimalString),
  drawdownPct: z.optional(z.number()),
  simulated: z.optional(z.boolean()),
});

const AlertItem = z.object({
  PK: z.string(),
  SK: z.string(),
  id: z.int().check(z.positive()),
  chatId: z.string(),
  symbol: z.string().check(z.minLength(1)),
  kind: z.enum(['below', 'above', 'drawdown']),
  /** The price (below/above) or the percentage (drawdown), as a plain decimal string. */
  level: decimalString,
  status: z.enum(['armed', 'fired']),
  createdAt: z.string(),
  fired: z.int().check(z.nonnegative()),
  lastFiring: z.optional(FiringItem),
});
type AlertItem = z.infer<typeof AlertItem>;

function conditionOf(item: AlertItem): AlertCondition {
  return item.kind === 'drawdown' ? { kind: 'drawdown', pct: dec(item.level) } : { kind: item.kind, price: dec(item.level) };
}

function firingItem(firing: AlertFiring): z.infer<typeof FiringItem> {
  return {
    price: firing.price.toFixed(),
    priceAt: firing.priceAt,
    firedAt: firing.firedAt,
    ...(firing.peak ? { peak: firing.peak.toFixed() } : {}),
    ...(firing.drawdownPct !== undefined ? { drawdownPct: firing.drawdownPct } : {}),
    ...(firing.simulated ? { simulated: true } : {}),
  };
}

function fromItem(raw: Record<string, unknown>): PriceAlert {
  const parsed = AlertItem.safeParse(raw);
  if (!parsed.success) {
    throw new CorruptLedgerItemError(String(raw.PK), String(raw.SK), parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; '));
  }
  const item = parsed.data;
  const firing = item.lastFiring;
  return {
    id: item.id,
    chatId: item.chatId,
    symbol: item.symbol,
    condition: conditionOf(item),
    status: item.status,
    createdAt: item.createdAt,
    fired: item.fired,
    ...(firing
      ? {
          lastFiring: {
            price: dec(firing.price),
            priceAt: firing.priceAt,
            firedAt: firing.firedAt,
            ...(firing.peak ? { peak: dec(firing.peak) } : {}),
            ...(firing.drawdownPct !== undefined ? { drawdownPct: firing.drawdownPct } : {}),
            ...(firing.simulated ? { simulated: true } : {}),
          },
        }
      : {}),
  };
}

/** Tuning of `DynamoPriceAlertStore`. */
export interface DynamoPriceAlertStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/**
 * The chats' price alerts in the one table: `PK=ALERT#<chatId>`, `SK=ALERT#<id>` per alert and
 * `SK=COUNTER` holding the chat's next id. Every change is a conditional write:
 * - ids come from an atomic `ADD` on the counter, so an id is never given twice in a chat, across
 *   instances and restarts, even after the alert holding it was removed;
 * - firing is `status = armed -> fired` under the condition `status = armed`: when two checks overlap
 *   (the 15-minute schedule and a late morning run, or a redelivered event) exactly one of them wins
 *   and sends the message; giving a firing back (`unfire`) is conditional on that same firing;
 * - re-arming is `fired -> armed` under `status = fired`, so a double tap changes nothing twice.
 * Why items and not an S3 document like the tips: each alert changes on its own, from two functions
 * (the webhook and the collector) at any time, and a conditional write per item is exactly the
 * "fires once" guarantee; a document would need a lease around every check.
 */
export class DynamoPriceAlertStore implements PriceAlertStore {
  private readonly documents: DocumentClient;

  constructor(private readonly options: DynamoPriceAlertStoreOptions) {
    this.documents = DocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async list(chatId: string): Promise<PriceAlert[]> {
    return queryAll(
      this.documents,
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :alert)',
        ExpressionAttributeValues: { ':pk': alertPartition(chatId), ':alert': 'ALERT#' },
        ConsistentRead: true,
      },
      fromItem,
    );
  }

  async add(draft: PriceAlertDraft, max: number): Promise<{ ok: true; value: PriceAlert } | { ok: false; error: AlertAddRefusal }> {
    // Telegram delivers one chat's updates one at a time, so counting first is enough for the limit;
    // the id, which must never repeat, comes from the atomic counter.
    if ((await this.list(draft.chatId)).length >= max) return { ok: false, error: { kind: 'limit', max } };
    let id: number;
    try {
      const counted = await this.documents.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { PK: alertPartition(draft.chatId), SK: COUNTER_KEY },
          UpdateExpression: 'ADD nextId :one',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      id = Number(counted.Attributes?.nextId);
    } catch (error) {
      throw unavailable('UpdateItem', error);
    }
    const condition = draft.condition;
    const item: AlertItem = {
      PK: alertPartition(draft.chatId),
      SK: alertKey(id),
      id,
      chatId: draft.chatId,
      symbol: draft.symbol,
      kind: condition.kind,
      level: (condition.kind === 'drawdown' ? condition.pct : condition.price).toFixed(),
      status: 'armed',
      createdAt: draft.createdAt,
      fired: 0,
    };
    try {
      await this.documents.send(new PutCommand({ TableName: this.options.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    } catch (error) {
      throw unavailable('PutItem', error);
    }
    return { ok: true, value: fromItem(item) };
  }

  async remove(chatId: string, id: number): Promise<PriceAlert | null> {
    try {
      const removed = await this.documents.send(
        new DeleteCommand({
          TableName: this.options.tableName,
          Key: { PK: alertPartition(chatId), SK: alertKey(id) },
          ConditionExpression: 'attribute_exists(PK)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      return removed.Attributes ? fromItem(removed.Attributes) : null;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw unavailable('DeleteItem', error);
    }
  }

  async markFired(alert: PriceAlert, firing: AlertFiring): Promise<boolean> {
    return this.transition(alert, 'armed', 'SET #status = :to, lastFiring = :firing ADD fired :one', { ':firing': firingItem(firing), ':one': 1 });
  }

  async unfire(alert: PriceAlert, firing: AlertFiring): Promise<void> {
    const condition = alert.lastFiring ? { ':firing': firingItem(alert.lastFiring) } : {};
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { PK: alertPartition(alert.chatId), SK: alertKey(alert.id) },
          UpdateExpression: `SET #status = :armed ${alert.lastFiring ? ', lastFiring = :firing' : 'REMOVE lastFiring'} ADD fired :minus`,
          ConditionExpression: '#status = :fired AND lastFiring.firedAt = :firedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':armed': 'armed', ':fired': 'fired', ':firedAt': firing.firedAt, ':minus': -1, ...condition },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw unavailable('UpdateItem', error);
    }
  }

  async rearm(chatId: string, id: number): Promise<PriceAlert | null> {
    try {
      const updated = await this.documents.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { PK: alertPartition(chatId), SK: alertKey(id) },
          UpdateExpression: 'SET #status = :armed',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':armed': 'armed' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return updated.Attributes ? fromItem(updated.Attributes) : null;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw unavailable('UpdateItem', error);
    }
  }

  /** `from -> other status` under the condition `status = from`; true when this call made the change. */
  private async transition(alert: PriceAlert, from: 'armed' | 'fired', update: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { PK: alertPartition(alert.chatId), SK: alertKey(alert.id) },
          UpdateExpression: update,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':from': from, ':to': from === 'armed' ? 'fired' : 'armed', ...values },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw unavailable('UpdateItem', error);
    }
  }
}
