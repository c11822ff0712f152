/**
 * One Telegram update delivered five times while its first delivery is still running, across the
 * two warm instances a reserved concurrency of 2 allows, then redelivered (as Telegram does after
 * any answer that is not 2xx) until every delivery is answered 200. Shared by the fault suite, which
 * asserts it holds, and the planted-fault suite, which shows the same check failing on a zip whose
 * idempotency claim was broken on purpose.
 */
import type { LocalLambdaFunction, SentMessage } from '@tradebot/local-stack';
import { tableItems, type PlainItem } from './storage';
import type { Chat, Delivery, World } from './world';

/** What the five deliveries produced. */
export interface FiveDeliveries {
  readonly updateId: number;
  /** The first delivery's answer (it was held mid-command while the others came). */
  readonly first: Delivery;
  /** The four deliveries made while the first was still running. */
  readonly whileRunning: readonly Delivery[];
  /** Telegram's redeliveries of those four after the first finished, each retried until 2xx. */
  readonly redelivered: readonly Delivery[];
  /** The ledger entries recorded from this update. */
  readonly entries: readonly PlainItem[];
  /** The messages the chat received from all of it. */
  readonly replies: readonly SentMessage[];
  /** The update's idempotency record. */
  readonly record: PlainItem | undefined;
}

/**
 * Delivers `update` until Telegram would stop redelivering (a 2xx), at most `attempts` times. A
 * throttled delivery is tried again once an instance is free (Telegram's own backoff, without a clock).
 */
export async function deliverUntilAccepted(chat: Chat, update: Readonly<Record<string, unknown>>, on: LocalLambdaFunction, attempts = 20): Promise<Delivery> {
  let delivery = await chat.deliver(update, { on });
  for (let i = 1; i < attempts && (delivery.status < 200 || delivery.status > 299); i += 1) {
    if (delivery.invocation.throttled) await on.whenIdle();
    delivery = await chat.deliver(update, { on });
  }
  return delivery;
}

/**
 * Plays the scenario on `webhook` (give it `reservedConcurrency: 2`). The first delivery is held at
 * its ledger write (the DynamoDB proxy holds the PutItem) until the four others have been answered.
 */
export async function deliverFiveTimesWhileRunning(world: World, webhook: LocalLambdaFunction, chat: Chat): Promise<FiveDeliveries> {
  // Two warm instances: each has loaded the zip and its secrets.
  const [a, b] = await Promise.all([webhook.startInstance(), webhook.startInstance()]);
  await Promise.all([a.invoke(world.stack.webhookEvent(chat.update('/help'))), b.invoke(world.stack.webhookEvent(chat.update('/help')))]);
  const before = chat.messages().length;

  const update = chat.update('/buy AAPL 3 150,25 0,99');
  const ledgerWrite = world.dynamoProxy.hold((r) => r.operation === 'PutItem' && r.body.includes(`"PORTFOLIO#${chat.id}"`));
  const first = chat.deliver(update, { on: webhook });
  await ledgerWrite.reached;
  // Four more while the first is held: one reaches the other instance, the rest are throttled.
  const whileRunning = await Promise.all([1, 2, 3, 4].map(() => chat.deliver(update, { on: webhook })));
  ledgerWrite.release();
  const firstAnswer = await first;
  const redelivered = await Promise.all(whileRunning.map(() => deliverUntilAccepted(chat, update, webhook)));

  const items = await tableItems(world.dynamo, world.aws.tableName);
  return {
    updateId: update.update_id,
    first: firstAnswer,
    whileRunning,
    redelivered,
    entries: items.filter((i) => i.PK === `PORTFOLIO#${chat.id}` && i.updateId === update.update_id),
    replies: chat.messages().slice(before),
    record: items.find((i) => i.PK === `UPDATE#${update.update_id}`),
  };
}

/**
 * What must hold after the five deliveries, as a list of violations (empty when all hold): the work
 * was done once, the user was told once, and every delivery was finally accepted.
 */
export function exactlyOnceViolations(outcome: FiveDeliveries): string[] {
  const violations: string[] = [];
  if (outcome.first.status !== 200) violations.push(`the first delivery was answered ${outcome.first.status}, not 200`);
  const early = outcome.whileRunning.map((d) => d.status).filter((s) => s !== 503 && s !== 429);
  if (early.length > 0) violations.push(`deliveries made while the first was running were answered ${early.join(', ')}: only 503 (in progress) or 429 (throttled) say "not yet"`);
  if (!outcome.whileRunning.some((d) => d.status === 503)) violations.push('no delivery reached the second instance and found the update in progress');
  const refused = outcome.redelivered.map((d) => d.status).filter((s) => s !== 200);
  if (refused.length > 0) violations.push(`redeliveries still answered ${refused.join(', ')}`);
  if (outcome.entries.length !== 1) violations.push(`the trade was recorded ${outcome.entries.length} times`);
  if (outcome.replies.length !== 1) violations.push(`the chat got ${outcome.replies.length} replies: ${outcome.replies.map((r) => JSON.stringify(r.plainText.split('\n')[0])).join(', ')}`);
  else if (!outcome.replies[0]!.plainText.includes(`#${String(outcome.entries[0]?.seq)}`)) violations.push(`the reply does not name the recorded entry: ${outcome.replies[0]!.plainText}`);
  if (outcome.record?.status !== 'COMPLETED') violations.push(`the idempotency record is ${String(outcome.record?.status)}`);
  return violations;
}
