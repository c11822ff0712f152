import { createHash, timingSafeEqual } from 'node:crypto';
import { DependencyError } from '@tradebot/core-domain';
import type { Clock, IdempotencyStore, Logger, SecretsProvider } from '@tradebot/core-domain';
import { createBot, SideWork, updateMayChangeData, type BotPorts } from '@tradebot/telegram-bot';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LOG_EVENTS, updateKind } from './log-events';
import { UpdateSchema } from './update-schema';

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
 * constant time, size, JSON, update shape), then runs the bot once per `update_id` for updates
 * that may change data. Answers 200 for every update it handled, even when the user erred or a
 * dependency failed (the user was told and the error logged): a non-2xx would make Telegram
 * redeliver and hold the chat's later updates. Use one per process.
 */
export function createWebhookApp(deps: WebhookAppDependencies): WebhookApp {
  const maxBodyBytes = deps.maxBodyBytes ?? MAX_BODY_BYTES;
  let current: ChildLogger = deps.logger;
  // The bot lives for the whole process; its logs go to the current invocation's child logger.
  const botLogger: Logger = {
    debug: (obj, msg) => current.debug(obj, msg),
    info: (obj, msg) => current.info(obj, msg),
    warn: (obj, msg) => current.warn(obj, msg),
    error: (obj, msg) => current.error(obj, msg),
  };
  let bot: Promise<{ bot: Telegraf; secretToken: string }> | null = null;

  const sideWork = new SideWork();

  async function ready(): Promise<{ bot: Telegraf; secretToken: string }> {
    bot ??= (async () => {
      const secrets = await deps.secrets.get();
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
        blacklist: deps.blacklist,
        tips: deps.tips,
        snapshots: deps.snapshots,
        scans: deps.scans,
        links: deps.links,
        prices: deps.prices,
        clock: deps.clock,
        logger: botLogger,
        ...(deps.undoWindowMs ? { undoWindowMs: deps.undoWindowMs } : {}),
        ...(deps.linkExpirySeconds ? { linkExpirySeconds: deps.linkExpirySeconds } : {}),
        ...(deps.quoteCacheMs !== undefined ? { quoteCacheMs: deps.quoteCacheMs } : {}),
        sideWork,
      });
      return { bot: instance, secretToken: secrets.webhookSecretToken };
    })();
    // A failed start (SSM unreachable) must not stick: the next invocation tries again.
    bot.catch(() => {
      bot = null;
    });
    return bot;
  }

  async function handle(event: APIGatewayProxyEventV2, context?: { readonly awsRequestId?: string }): Promise<APIGatewayProxyStructuredResultV2> {
    current = deps.logger.child({ requestId: context?.awsRequestId ?? event.requestContext?.requestId });
    const log = current;
    const method = event.requestContext?.http?.method ?? 'GET';
    if (method !== 'POST') return respond(405, 'Method Not Allowed', { allow: 'POST' });

    let app: { bot: Telegraf; secretToken: string };
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
    const updateLog = { updateId: update.update_id, chatId: update.message?.chat.id };

    try {
      if (updateMayChangeData(update, deps.botUsername)) {
        let started = false;
        try {
          await deps.idempotency.once(String(update.update_id), async () => {
            started = true;
            await app.bot.handleUpdate(update as never);
            return 'handled';
          });
        } catch (error) {
          // Only an unreachable store falls through; "another delivery is running it" must not run twice.
          if (started || !(error instanceof DependencyError)) throw error;
          // The idempotency table is unreachable, so the ledger (same table) most likely is too: let
          // the bot try, fail and tell the user nothing was recorded, rather than stay silent.
          log.error({ ...updateLog, err: error }, 'idempotency store unavailable; handling the update without it');
          await app.bot.handleUpdate(update as never);
        }
      } else {
        // Reads are not worth an idempotency record: a redelivered read just answers again.
        await app.bot.handleUpdate(update as never);
      }
      log.info({ ...updateLog, event: LOG_EVENTS.updateHandled, command: updateKind(update) }, 'update handled');
    } catch (error) {
      // The bot already told the user what it could; a retry would not do better.
      log.error({ ...updateLog, err: error }, 'update failed');
    } finally {
      // The snapshot rewrite ran alongside the reply and the idempotency record; finish it before
      // returning, since Lambda freezes the instance once the handler resolves.
      await sideWork.settle();
    }
    return respond(200, 'OK');
  }

  return { handle };
}
