import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DependencyError } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import type { Clock, IdempotencyStore, Logger, SecretsProvider, TradeInterpreter } from '@tradebot/core-domain';
import { IdempotencyInProgressError } from '@tradebot/storage-dynamodb';
import {
  createBot,
  deliverMessages,
  outgoingMessages,
  updateMayChangeData,
  type BotPorts,
  type Delivery,
  type DeliveryOptions,
  type OutgoingMessage,
} from '@tradebot/telegram-bot';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { webhookTimings } from './timings';
import { LOG_EVENTS, updateKind } from './log-events';
import { updateChatId, UpdateSchema, type ValidUpdate } from './update-schema';

/** The Telegraf instance `createBot` returns (typed without importing telegraf here). */
type Telegraf = ReturnType<typeof createBot>;

/** Largest body accepted; Telegram updates are a few KB. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A logger that can make a per-invocation child (pino does). */
export interface ChildLogger extends Logger {
  child(bindings: Record<string, unknown>): ChildLogger;
}

/** What the webhook needs; `handler.ts` builds it from AWS clients, tests from local servers. */
export interface WebhookAppDependencies extends BotPorts {
  readonly secrets: SecretsProvider;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly logger: ChildLogger;
  /** The bot's username (without @). */
  readonly botUsername: string;
  /** Bot API root (tests and `pnpm start` point it at the local Telegram server). */
  readonly telegramApiRoot?: string;
  readonly undoWindowMs?: number;
  readonly linkExpirySeconds?: number;
  /** How long quotes are reused within a warm instance (default: the bot's, 15 s). */
  readonly quoteCacheMs?: number;
  readonly maxBodyBytes?: number;
  /** The Lambda's timeout (`FUNCTION_TIMEOUT_SECONDS`); the reply's send budget derives from it (`webhookTimings`). */
  readonly functionTimeoutSeconds?: number;
  /** How replies are sent and retried (default: the budget from `functionTimeoutSeconds`). */
  readonly delivery?: DeliveryOptions;
  /** Builds the plain-language interpreter from the Anthropic API key (read with the other secrets); without a key none is built. */
  readonly interpreterFor?: (apiKey: string) => TradeInterpreter;
}

/** The webhook as a function of API Gateway events. */
export interface WebhookApp {
  handle(event: APIGatewayProxyEventV2, context?: { readonly awsRequestId?: string }): Promise<APIGatewayProxyStructuredResultV2>;
}

const respond = (statusCode: number, body = '', headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  body,
});

/** Makes Telegram deliver the update again later (it retries any non-2xx). */
const redeliverLater = (retryAfterSeconds: number): APIGatewayProxyStructuredResultV2 =>
  respond(503, 'Service Unavailable', { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

/**
 * The idempotency result of an update that may change data: the messages of its reply and how many
 * Telegram accepted. A redelivery re-sends the rest when Telegram was unavailable, and never
 * re-runs the command. (Records written before this shape held the string "handled": they were
 * answered 200, so a redelivery of one has nothing to re-send.)
 */
const StoredReplySchema = z.object({
  messages: z.array(
    z.object({
      chatId: z.string(),
      html: z.string(),
      /** Inline buttons (a proposal's Confirm / Edit / Cancel): re-sent with the message. */
      keyboard: z.optional(z.array(z.array(z.object({ text: z.string(), data: z.string() })))),
    }),
  ),
  sent: z.int().check(z.nonnegative()),
  outcome: z.enum(['delivered', 'refused', 'unavailable']),
});
type StoredReply = z.infer<typeof StoredReplySchema>;

/** What one request owns while the bot handles its update (so concurrent requests never mix them). */
interface RequestScope {
  readonly log: ChildLogger;
  /** The replies the bot produced for this request's update, in order, not yet sent. */
  readonly outbox: OutgoingMessage[];
}

/** A started webhook: the bot, the secret to check and the chats served. */
interface Ready {
  readonly bot: Telegraf;
  readonly secretToken: string;
  readonly allowedChatIds: ReadonlySet<string>;
}

/** Compares two secrets in constant time (equal-length digests, so length leaks nothing either). */
export function secretsMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined || expected === '') return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * Builds the webhook: checks the request like a gatekeeper (POST only, secret token compared in
 * constant time, size, JSON, update shape), authorizes the chat, then runs the bot once per
 * `update_id` for updates that may change data and delivers the reply with retries.
 *
 * Answers 200 for every update it handled whose reply went out, even when the user erred or a
 * dependency failed (the user was told and the error logged), and when Telegram refused the reply
 * for good (a 400 does not get better). Answers 503 when the reply could not be delivered (Telegram
 * down or rate-limiting past the send budget) or another run of the update is still in progress:
 * Telegram redelivers, and a redelivery of a completed update re-sends its stored reply without
 * running the command again. Use one per process; concurrent requests are kept apart.
 */
export function createWebhookApp(deps: WebhookAppDependencies): WebhookApp {
  const maxBodyBytes = deps.maxBodyBytes ?? MAX_BODY_BYTES;
  const sendBudgetMs = webhookTimings(deps.functionTimeoutSeconds).sendBudgetMs;
  // One scope per request: the bot lives for the whole process, so its logs and replies find their
  // request through the async context, not through a variable the next request would overwrite.
  const scopes = new AsyncLocalStorage<RequestScope>();
  const logOf = (): Logger => scopes.getStore()?.log ?? deps.logger;
  const botLogger: Logger = {
    debug: (obj, msg) => logOf().debug(obj, msg),
    info: (obj, msg) => logOf().info(obj, msg),
    warn: (obj, msg) => logOf().warn(obj, msg),
    error: (obj, msg) => logOf().error(obj, msg),
  };
  let bot: Promise<Ready> | null = null;

  async function ready(): Promise<Ready> {
    bot ??= (async () => {
      const secrets = await deps.secrets.get();
      // Plain text the reader cannot read goes to Claude only with a key (SSM `anthropic-api-key`).
      const interpreter = secrets.anthropicApiKey && deps.interpreterFor ? deps.interpreterFor(secrets.anthropicApiKey) : undefined;
      const botId = Number(secrets.telegramBotToken.split(':')[0]);
      const instance = createBot({
        token: secrets.telegramBotToken,
        botInfo: {
          id: Number.isSafeInteger(botId) ? botId : 0,
          is_bot: true,
          first_name: deps.botUsername,
          username: deps.botUsername,
          can_join_groups: false,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        },
        ...(deps.telegramApiRoot ? { apiRoot: deps.telegramApiRoot } : {}),
        allowedChatIds: secrets.allowedChatIds,
        ledger: deps.ledger,
        rules: deps.rules,
        notifications: deps.notifications,
        lessons: deps.lessons,
        blacklist: deps.blacklist,
        tips: deps.tips,
        snapshots: deps.snapshots,
        scans: deps.scans,
        links: deps.links,
        prices: deps.prices,
        ...(deps.alerts ? { alerts: deps.alerts } : {}),
        ...(deps.charts ? { charts: deps.charts } : {}),
        closes: deps.closes,
        ...(deps.proposals ? { proposals: deps.proposals } : {}),
        ...(deps.modelSpend ? { modelSpend: deps.modelSpend } : {}),
        ...(interpreter ? { interpreter } : {}),
        clock: deps.clock,
        logger: botLogger,
        ...(deps.undoWindowMs ? { undoWindowMs: deps.undoWindowMs } : {}),
        ...(deps.linkExpirySeconds ? { linkExpirySeconds: deps.linkExpirySeconds } : {}),
        ...(deps.quoteCacheMs !== undefined ? { quoteCacheMs: deps.quoteCacheMs } : {}),
        outbox: (chatId, html, photo, keyboard) => {
          const scope = scopes.getStore();
          if (scope) scope.outbox.push(...outgoingMessages(chatId, html, photo, keyboard));
          else botLogger.error({ chatId }, 'reply produced outside a webhook request; not sent');
        },
      });
      return { bot: instance, secretToken: secrets.webhookSecretToken, allowedChatIds: new Set(secrets.allowedChatIds.map(String)) };
    })();
    // A failed start (SSM unreachable) must not stick: the next invocation tries again.
    bot.catch(() => {
      bot = null;
    });
    return bot;
  }

  async function handle(event: APIGatewayProxyEventV2, context?: { readonly awsRequestId?: string }): Promise<APIGatewayProxyStructuredResultV2> {
    const log = deps.logger.child({ requestId: context?.awsRequestId ?? event.requestContext?.requestId });
    return scopes.run({ log, outbox: [] }, () => handleRequest(event, log));
  }

  async function handleRequest(event: APIGatewayProxyEventV2, log: ChildLogger): Promise<APIGatewayProxyStructuredResultV2> {
    const method = event.requestContext?.http?.method ?? 'GET';
    if (method !== 'POST') return respond(405, 'Method Not Allowed', { allow: 'POST' });

    let app: Ready;
    try {
      app = await ready();
    } catch (error) {
      // Nothing was processed: a 5xx lets Telegram deliver the update again later.
      log.error({ err: error }, 'webhook could not start (secrets unavailable)');
      return respond(503, 'Service Unavailable');
    }
    if (!secretsMatch(header(event, 'x-telegram-bot-api-secret-token'), app.secretToken)) {
      log.warn({ sourceIp: event.requestContext?.http?.sourceIp }, 'webhook call without the right secret token');
      return respond(401, 'Unauthorized');
    }

    const raw = event.body ?? '';
    const approxBytes = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw, 'utf8');
    if (approxBytes > maxBodyBytes) return respond(413, 'Payload Too Large');
    const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return respond(400, 'Bad Request: body is not JSON');
    }
    const parsed = UpdateSchema.safeParse(json);
    if (!parsed.success) return respond(400, 'Bad Request: body is not a Telegram update');
    const update = parsed.data;
    const updateLog = { updateId: update.update_id, chatId: updateChatId(update) };

    try {
      // Authorize before any write: a chat that is not served never costs an idempotency record.
      // The bot answers it (one polite refusal per instance) and does nothing else.
      const chatId = updateChatId(update);
      const served = chatId !== undefined && app.allowedChatIds.has(String(chatId));
      // Parsed on the date the bot parses with (UTC), so a refused future-dated trade costs no record.
      const today = deps.clock.now().toISOString().slice(0, 10);
      if (served && updateMayChangeData(update, deps.botUsername, today)) return await handleOnce(app, update, updateLog, log);
      // Reads are not worth an idempotency record: a redelivered read just answers again.
      const delivery = await runAndDeliver(app, update);
      log.info({ ...updateLog, event: LOG_EVENTS.updateHandled, command: updateKind(update), outcome: delivery.outcome }, 'update handled');
      return answerFor(delivery, updateLog, log);
    } catch (error) {
      // The bot already told the user what it could; a retry would not do better.
      log.error({ ...updateLog, err: error }, 'update failed');
      return respond(200, 'OK');
    }
  }

  /** Runs an update that may change data at most once per `update_id`, its reply stored with the record. */
  async function handleOnce(app: Ready, update: ValidUpdate, updateLog: Record<string, unknown>, log: ChildLogger): Promise<APIGatewayProxyStructuredResultV2> {
    const key = String(update.update_id);
    const run: { started?: boolean; delivery?: Delivery } = {};
    let stored: unknown;
    // The command's first reads go out with the claim instead of after it: a reply then waits for
    // one round trip less. They only read; a duplicate drops them (docs/telegram.md, the reply path).
    const dropReadsAhead = app.bot.readAhead(update);
    try {
      stored = await deps.idempotency.once(key, async (): Promise<StoredReply> => {
        run.started = true;
        const scope = scopes.getStore()!;
        await app.bot.handleUpdate(update as never);
        const messages = scope.outbox.splice(0);
        // Sent before the record completes, so it says whether the reply went out (one write).
        const delivery = await sendReply(app, scope, messages);
        run.delivery = delivery;
        // Commands that may change data reply in text; a picture (a read command's) is not kept in
        // the record: a redelivery would re-send its caption only.
        return {
          messages: messages.map(({ chatId, html, keyboard }) => ({ chatId, html, ...(keyboard ? { keyboard: keyboard.map((row) => row.map((b) => ({ text: b.text, data: b.data }))) } : {}) })),
          sent: delivery.sent,
          outcome: delivery.outcome,
        };
      });
    } catch (error) {
      if (run.delivery) {
        // The command ran and its reply's fate is known; only recording completion failed.
        log.error({ ...updateLog, event: LOG_EVENTS.updateHandled, command: updateKind(update), err: error }, 'update handled, but its idempotency record could not be completed');
        return answerFor(run.delivery, updateLog, log);
      }
      if (run.started) throw error;
      if (error instanceof IdempotencyInProgressError) {
        // Another run holds the update (alive, or dead and not yet past its lease). Answering 200
        // would lose the update if that run died: make Telegram deliver it again later instead.
        log.warn({ ...updateLog, waitedMs: error.waitedMs }, 'update still in progress elsewhere; asking Telegram to redeliver');
        return redeliverLater(5);
      }
      // Only an unreachable store falls through. The idempotency table is unreachable, so the ledger
      // (same table) most likely is too: let the bot try, fail and tell the user nothing was
      // recorded, rather than stay silent.
      if (!(error instanceof DependencyError)) throw error;
      log.error({ ...updateLog, err: error }, 'idempotency store unavailable; handling the update without it');
      const delivery = await runAndDeliver(app, update);
      log.info({ ...updateLog, event: LOG_EVENTS.updateHandled, command: updateKind(update), outcome: delivery.outcome }, 'update handled');
      return answerFor(delivery, updateLog, log);
    } finally {
      dropReadsAhead();
    }
    if (run.delivery) {
      log.info({ ...updateLog, event: LOG_EVENTS.updateHandled, command: updateKind(update), outcome: run.delivery.outcome }, 'update handled');
      return answerFor(run.delivery, updateLog, log);
    }
    return resend(app, key, stored, updateLog, log);
  }

  /** A redelivery of a completed update: never runs the command again; sends what did not go out. */
  async function resend(app: Ready, key: string, stored: unknown, updateLog: Record<string, unknown>, log: ChildLogger): Promise<APIGatewayProxyStructuredResultV2> {
    const parsed = StoredReplySchema.safeParse(stored);
    if (!parsed.success || parsed.data.outcome !== 'unavailable') {
      log.info(updateLog, 'duplicate update skipped');
      return respond(200, 'OK');
    }
    const previous = parsed.data;
    const delivery = await deliverMessages(app.bot.telegram, previous.messages.slice(previous.sent), deliveryOptions(log));
    const now: StoredReply = { messages: previous.messages, sent: previous.sent + delivery.sent, outcome: delivery.outcome };
    try {
      await deps.idempotency.replaceResult(key, now);
    } catch (error) {
      // The reply's fate is still known for this answer; a later redelivery may re-send a part.
      log.error({ ...updateLog, err: error }, 'could not record the reply delivery');
    }
    log.info({ ...updateLog, outcome: delivery.outcome, sent: now.sent, of: now.messages.length }, delivery.outcome === 'delivered' ? 'stored reply re-sent' : 'stored reply still not delivered');
    return answerFor(delivery, updateLog, log);
  }

  /** Runs the bot on an update without idempotency and sends what it replied. */
  async function runAndDeliver(app: Ready, update: ValidUpdate): Promise<Delivery> {
    const scope = scopes.getStore()!;
    await app.bot.handleUpdate(update as never);
    return sendReply(app, scope, scope.outbox.splice(0));
  }

  /**
   * Sends the update's reply. Nothing derived (the positions snapshot) runs after it: the snapshot
   * follows the ledger through the table's stream, in a function of its own (docs/telegram.md).
   */
  function sendReply(app: Ready, scope: RequestScope, messages: readonly OutgoingMessage[]): Promise<Delivery> {
    return deliverMessages(app.bot.telegram, messages, deliveryOptions(scope.log));
  }

  function deliveryOptions(log: Logger): DeliveryOptions {
    return { budgetMs: sendBudgetMs, ...deps.delivery, logger: log };
  }

  /** The HTTP answer for a handled update, by what became of its reply. */
  function answerFor(delivery: Delivery, updateLog: Record<string, unknown>, log: ChildLogger): APIGatewayProxyStructuredResultV2 {
    switch (delivery.outcome) {
      case 'delivered':
        return respond(200, 'OK');
      case 'refused':
        // A refusal (400 too long or unparsable, 403 blocked) will not get better by redelivering.
        log.error({ ...updateLog, err: delivery.error, errorCode: delivery.error.errorCode }, 'Telegram refused the reply');
        return respond(200, 'OK');
      case 'unavailable':
        log.error({ ...updateLog, err: delivery.error, sent: delivery.sent }, 'reply not delivered; asking Telegram to redeliver');
        return redeliverLater(delivery.retryAfterSeconds ?? 5);
    }
  }

  return { handle };
}
