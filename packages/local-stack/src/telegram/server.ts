import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTelegramHtml } from './html';

/** Telegram's limit on a message's text, counted after entity parsing. */
export const TELEGRAM_MAX_MESSAGE_LENGTH = 4096;

/** One Bot API call the server received. */
export interface RecordedCall {
  readonly token: string;
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The HTTP status the server answered. */
  readonly status: number;
}

/** A message the bot sent (accepted by `sendMessage`). */
export interface SentMessage {
  readonly messageId: number;
  readonly chatId: string;
  /** The text as sent (HTML when `parseMode` is HTML). */
  readonly text: string;
  /** What the user sees: tags removed, entities decoded. */
  readonly plainText: string;
  readonly parseMode?: string;
}

/** The webhook as registered with `setWebhook` (Telegram keeps the same, minus what it never shows). */
export interface RegisteredWebhook {
  readonly url: string;
  /** The `secret_token` sent with every delivery (Telegram never shows it back; tests may read it). */
  readonly secretToken?: string;
  readonly allowedUpdates?: readonly string[];
  readonly maxConnections: number;
}

/** One command of a `setMyCommands` list. */
export interface BotCommand {
  readonly command: string;
  readonly description: string;
}

/** Options of `startTelegramServer`. */
export interface TelegramServerOptions {
  /** When set, calls with any other token get 401 Unauthorized, like Telegram. */
  readonly token?: string;
  /** The bot's own user, returned by `getMe`. */
  readonly botUsername?: string;
  readonly botId?: number;
}

/** A running Bot API stand-in. */
export interface TelegramServer {
  /** Give this to Telegraf as `telegram.apiRoot` (e.g. `http://127.0.0.1:41234`). */
  readonly apiRoot: string;
  readonly botInfo: BotUser;
  /** Every call received, in order. */
  readonly calls: readonly RecordedCall[];
  /** The messages the bot sent to a chat, in order. */
  messagesTo(chatId: string | number): SentMessage[];
  /** Every message sent, to any chat. */
  allMessages(): SentMessage[];
  /** The next `count` calls (any method) fail with `errorCode` (500 by default), as when Telegram is down. */
  failNext(count: number, errorCode?: number, description?: string): void;
  /** Queues an update for `getUpdates` (long polling emulation). */
  pushUpdate(update: Readonly<Record<string, unknown>>): void;
  /** The registered webhook, or null when none is set (long polling). */
  webhook(): RegisteredWebhook | null;
  /** The command list set for `languageCode` (default scope; `''` or omitted: the default list). */
  commands(languageCode?: string): readonly BotCommand[];
  /** Makes `getWebhookInfo` report a failed delivery (kept until `deleteWebhook`), as Telegram does when the endpoint errs. */
  recordDeliveryError(message: string): void;
  /** Calls `listener` after each accepted `sendMessage`; returns a function that unsubscribes. */
  onMessage(listener: (message: SentMessage) => void): () => void;
  /** Forgets recorded calls and messages. */
  clear(): void;
  stop(): Promise<void>;
}

/** The bot user `getMe` returns (Telegram's `User` shape). */
export interface BotUser {
  readonly id: number;
  readonly is_bot: true;
  readonly first_name: string;
  readonly username: string;
  readonly can_join_groups: boolean;
  readonly can_read_all_group_messages: boolean;
  readonly supports_inline_queries: boolean;
}

interface ApiFailure {
  readonly status: number;
  readonly body: { ok: false; error_code: number; description: string; parameters?: { retry_after: number } };
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

function failure(status: number, description: string): ApiFailure {
  return {
    status,
    body: { ok: false, error_code: status, description, ...(status === 429 ? { parameters: { retry_after: 1 } } : {}) },
  };
}

async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams.entries());
  const type = req.headers['content-type'] ?? '';
  if (!raw) return params;
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) throw new ApiError(400, 'Bad Request: invalid JSON body');
    return { ...params, ...(parsed as Record<string, unknown>) };
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(raw).entries()) };
  }
  throw new ApiError(400, `Bad Request: unsupported content type ${type || '(none)'}`);
}

/** Form-encoded calls carry arrays and objects as JSON strings; JSON calls carry them as they are. */
function structured(value: unknown, name: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new ApiError(400, `Bad Request: can't parse ${name} JSON`);
  }
}

function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === 'True';
}

function parseCommands(value: unknown): BotCommand[] {
  const commands = structured(value, 'commands');
  if (!Array.isArray(commands)) throw new ApiError(400, 'Bad Request: commands must be an array');
  if (commands.length > 100) throw new ApiError(400, 'Bad Request: too many commands');
  return commands.map((item: unknown) => {
    const { command, description } = (item ?? {}) as { command?: unknown; description?: unknown };
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.length < 1 || description.length > 256) {
      throw new ApiError(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command, description };
  });
}

function requireChatId(params: Record<string, unknown>): string {
  const chatId = params.chat_id;
  if (chatId === undefined || chatId === null || chatId === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
  return String(chatId);
}

/**
 * Starts a local HTTP server that speaks the Telegram Bot API (`POST /bot<token>/<method>`) on
 * 127.0.0.1 and a free port. Use it in tests and in `pnpm start` through Telegraf's
 * `telegram.apiRoot`: it answers like Telegram (`{ ok: true, result }`, or `{ ok: false,
 * error_code, description }`), refuses what Telegram refuses (text over 4096 characters, HTML it
 * cannot parse, empty text), records every call and can be told to fail (`failNext`).
 */
export async function startTelegramServer(options: TelegramServerOptions = {}): Promise<TelegramServer> {
  const botInfo: BotUser = {
    id: options.botId ?? 7_000_000_001,
    is_bot: true,
    first_name: 'Tradebot',
    username: options.botUsername ?? 'tradebot_local_bot',
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  };
  const calls: RecordedCall[] = [];
  let messages: SentMessage[] = [];
  const listeners = new Set<(message: SentMessage) => void>();
  const updates: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let failures: { remaining: number; code: number; description: string } | null = null;
  let nextMessageId = 1;
  let stopping = false;
  let webhook: RegisteredWebhook | null = null;
  let lastError: { date: number; message: string } | null = null;
  const commandLists = new Map<string, BotCommand[]>();
  const commandKey = (params: Record<string, unknown>): string => {
    const scope = structured(params.scope ?? { type: 'default' }, 'scope') as { type?: unknown };
    return `${String(scope?.type ?? 'default')}:${typeof params.language_code === 'string' ? params.language_code : ''}`;
  };

  async function answer(method: string, params: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return botInfo;
      case 'sendMessage': {
        const chatId = requireChatId(params);
        const text = typeof params.text === 'string' ? params.text : '';
        if (!text.trim()) throw new ApiError(400, 'Bad Request: message text is empty');
        const parseMode = typeof params.parse_mode === 'string' ? params.parse_mode : undefined;
        let plainText = text;
        if (parseMode?.toUpperCase() === 'HTML') {
          const parsed = parseTelegramHtml(text);
          if (!parsed.ok) throw new ApiError(400, parsed.description);
          plainText = parsed.text;
        }
        if ([...plainText].length > TELEGRAM_MAX_MESSAGE_LENGTH) throw new ApiError(400, 'Bad Request: message is too long');
        if (!plainText.trim()) throw new ApiError(400, 'Bad Request: message text is empty');
        const message: SentMessage = { messageId: nextMessageId++, chatId, text, plainText, ...(parseMode ? { parseMode } : {}) };
        messages.push(message);
        for (const listener of listeners) listener(message);
        return {
          message_id: message.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: 'private' },
          from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
          text: plainText,
        };
      }
      case 'sendChatAction':
      case 'answerCallbackQuery':
      case 'deleteMessage':
        return true;
      case 'setWebhook': {
        const url = typeof params.url === 'string' ? params.url : '';
        if (url !== '' && !/^https:\/\/[^\s/]+/.test(url)) throw new ApiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        const secretToken = params.secret_token === undefined ? undefined : String(params.secret_token);
        if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
          throw new ApiError(400, 'Bad Request: secret token contains unallowed characters');
        }
        const maxConnections = params.max_connections === undefined ? 40 : Number(params.max_connections);
        if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 100) throw new ApiError(400, 'Bad Request: bad max_connections');
        const allowed = params.allowed_updates === undefined ? webhook?.allowedUpdates : structured(params.allowed_updates, 'allowed_updates');
        if (allowed !== undefined && (!Array.isArray(allowed) || allowed.some((t) => typeof t !== 'string'))) {
          throw new ApiError(400, 'Bad Request: allowed_updates must be an array of strings');
        }
        if (flag(params.drop_pending_updates)) updates.length = 0;
        webhook =
          url === ''
            ? null
            : { url, maxConnections, ...(secretToken !== undefined ? { secretToken } : {}), ...(allowed !== undefined ? { allowedUpdates: [...(allowed as string[])] } : {}) };
        // Like Telegram, the last delivery error stays until a delivery succeeds or the webhook goes.
        return true;
      }
      case 'deleteWebhook':
        if (flag(params.drop_pending_updates)) updates.length = 0;
        webhook = null;
        lastError = null;
        return true;
      case 'setMyCommands':
        commandLists.set(commandKey(params), parseCommands(params.commands));
        return true;
      case 'getMyCommands':
        return commandLists.get(commandKey(params)) ?? [];
      case 'getWebhookInfo':
        return {
          url: webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: updates.length,
          ...(webhook ? { max_connections: webhook.maxConnections } : {}),
          ...(webhook?.allowedUpdates ? { allowed_updates: webhook.allowedUpdates } : {}),
          ...(lastError ? { last_error_date: lastError.date, last_error_message: lastError.message } : {}),
        };
      case 'getUpdates': {
        if (webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = Number(params.offset ?? 0);
        if (offset > 0) {
          // Like Telegram: asking for `offset` confirms every update before it.
          while (updates.length > 0 && Number(updates[0]!.update_id) < offset) updates.shift();
        }
        const timeoutSeconds = Math.min(Number(params.timeout ?? 0), 50);
        if (updates.length === 0 && timeoutSeconds > 0 && !stopping) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              clearTimeout(timer);
              waiters.delete(done);
              resolve();
            };
            const timer = setTimeout(done, timeoutSeconds * 1000);
            waiters.add(done);
          });
        }
        const limit = Math.max(1, Math.min(Number(params.limit ?? 100), 100));
        return updates.slice(0, limit);
      }
      default:
        throw new ApiError(404, 'Not Found');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!match) {
      send(404, failure(404, 'Not Found').body);
      return;
    }
    const token = match[1]!;
    const method = match[2]!;
    let params: Record<string, unknown> = {};
    let status = 200;
    let body: unknown;
    try {
      params = await readParams(req, url);
      if (options.token !== undefined && token !== options.token) throw new ApiError(401, 'Unauthorized');
      if (failures && failures.remaining > 0) {
        failures.remaining -= 1;
        const { code, description } = failures;
        if (failures.remaining === 0) failures = null;
        throw new ApiError(code, description);
      }
      body = { ok: true, result: await answer(method, params) };
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(400, `Bad Request: ${(error as Error).message}`);
      const fail = failure(apiError.status, apiError.description);
      status = fail.status;
      body = fail.body;
    }
    calls.push({ token, method, params, status });
    send(status, body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(failure(500, `Internal Server Error: ${(error as Error).message}`).body));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    botInfo,
    calls,
    messagesTo: (chatId) => messages.filter((m) => m.chatId === String(chatId)),
    allMessages: () => [...messages],
    failNext(count, errorCode = 500, description) {
      failures = count > 0 ? { remaining: count, code: errorCode, description: description ?? (errorCode >= 500 ? 'Internal Server Error' : 'Bad Request') } : null;
    },
    pushUpdate(update) {
      updates.push({ ...update });
      for (const wake of [...waiters]) wake();
    },
    webhook: () => webhook,
    commands: (languageCode = '') => commandLists.get(`default:${languageCode}`) ?? [],
    recordDeliveryError(message) {
      lastError = { date: Math.floor(Date.now() / 1000), message };
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      calls.length = 0;
      messages = [];
    },
    async stop() {
      stopping = true;
      for (const wake of [...waiters]) wake();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
