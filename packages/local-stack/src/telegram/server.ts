import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isWellFormedText } from '@tradebot/core-domain';
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
  /** The message's inline keyboard, when it had one. */
  readonly inlineKeyboard?: InlineKeyboard;
  /** Sent with `disable_notification: true` (delivered without a sound). */
  readonly disableNotification?: boolean;
}

/** A picture the bot sent (accepted by `sendPhoto`, uploaded as multipart/form-data). */
export interface SentPhoto {
  readonly messageId: number;
  readonly chatId: string;
  /** The uploaded file's bytes, as received. */
  readonly bytes: Buffer;
  /** `png` or `jpeg`, from the file's signature. */
  readonly format: 'png' | 'jpeg';
  /** From the PNG's IHDR (0 for a JPEG: not parsed). */
  readonly width: number;
  readonly height: number;
  readonly caption?: string;
  /** The caption as the user sees it (tags removed). */
  readonly plainCaption?: string;
  readonly parseMode?: string;
  readonly filename?: string;
  /** Sent with `disable_notification: true`. */
  readonly disableNotification?: boolean;
}

/** A message the bot sent with an inline keyboard (`reply_markup.inline_keyboard`), as sent. */
export type InlineKeyboard = readonly (readonly { readonly text: string; readonly callback_data?: string }[])[];

/**
 * How the server answers the next Bot API calls (see `TelegramServer.setMode`), mirroring what
 * Telegram does when it is unhappy.
 */
export type TelegramServerMode =
  | { readonly kind: 'ok' }
  /** HTTP 429 `Too Many Requests: retry after N` with `parameters.retry_after` (seconds, default 1). */
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds?: number }
  /**
   * HTTP `status` (default 500) with Telegram's error body: a 5xx is Telegram being down; a 4xx is a
   * refusal (e.g. 400 `Bad Request: message is too long`, 403 `Forbidden: bot was blocked by the user`).
   */
  | { readonly kind: 'fail'; readonly status?: number; readonly description?: string }
  /** Closes the connection without answering: the client sees a network error (the call was not processed). */
  | { readonly kind: 'disconnect' }
  /** Answers normally after `delayMs` (a slow Bot API; a client that gave up meanwhile may still have its message sent). */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** Answers normally once `until` settles: a test holds a call open until something it waits for has happened. */
  | { readonly kind: 'hold'; readonly until: Promise<unknown> };

/** Which calls a `setMode` applies to. */
export interface TelegramServerModeOptions {
  /** Only calls of this Bot API method (e.g. `sendMessage`); default every method. */
  readonly method?: string;
  /** Only this many matching calls, then the server answers normally again; default until changed. */
  readonly times?: number;
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
  /** The pictures the bot sent to a chat (`sendPhoto`), in order. */
  photosTo(chatId: string | number): SentPhoto[];
  /** The `answerCallbackQuery` calls received: the query id and the text shown to the user. */
  callbackAnswers(): readonly { readonly callbackQueryId: string; readonly text?: string }[];
  /** The next `count` calls (any method) fail with `errorCode` (500 by default), as when Telegram is down. */
  failNext(count: number, errorCode?: number, description?: string): void;
  /**
   * Applies `mode` to the next calls (of `options.method`, or any), `options.times` of them or until
   * changed; `{ kind: 'ok' }` answers normally again. Calls answered by a mode are recorded in `calls`
   * (status 0 for `disconnect`) and have no effect (no message is stored), except `slow`, which only delays.
   */
  setMode(mode: TelegramServerMode, options?: TelegramServerModeOptions): void;
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
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
  }
}

/** Thrown inside `handle` to drop the connection instead of answering. */
class Disconnect extends Error {}

function failure(status: number, description: string, retryAfterSeconds = 1): ApiFailure {
  return {
    status,
    body: { ok: false, error_code: status, description, ...(status === 429 ? { parameters: { retry_after: retryAfterSeconds } } : {}) },
  };
}

/**
 * Telegram's answer to text that is not valid UTF-8, including a JSON string holding half of a UTF-16
 * surrogate pair (`"\ud83d"`, which `JSON.stringify` writes for a lone surrogate): TDLib checks every
 * input string (`CLEAN_INPUT_STRING`) before anything else.
 */
const NOT_UTF8 = 'Bad Request: strings must be encoded in UTF-8';
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Whether every string in a request's parameters (nested in JSON too) is well-formed. */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return isWellFormedText(value);
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === 'object' && value !== null) return Object.entries(value).every(([key, v]) => isWellFormedText(key) && wellFormed(v));
  return true;
}

/** Telegram's wording for a refusal with this status, when the caller gave none. */
function defaultDescription(status: number): string {
  if (status >= 500) return 'Internal Server Error';
  if (status === 403) return 'Forbidden: bot was blocked by the user';
  return 'Bad Request';
}

/** An uploaded file of a multipart call. */
interface UploadedFile {
  readonly bytes: Buffer;
  readonly filename?: string;
}

async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const type = req.headers['content-type'] ?? '';
  if (type.includes('multipart/form-data')) {
    // Uploads (sendPhoto): parsed with the platform's own multipart reader (undici's FormData).
    let form: FormData;
    try {
      form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': type } }).formData();
    } catch {
      throw new ApiError(400, 'Bad Request: invalid multipart body');
    }
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams.entries());
    for (const [name, value] of form as unknown as Iterable<[string, string | Blob]>) {
      if (typeof value === 'string') params[name] = value;
      else params[name] = { bytes: Buffer.from(await value.arrayBuffer()), filename: (value as Blob & { name?: string }).name } satisfies UploadedFile;
    }
    return params;
  }
  let raw: string;
  try {
    raw = UTF8.decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError(400, NOT_UTF8);
  }
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams.entries());
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

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Checks a photo the way Telegram does before accepting it: an uploaded PNG or JPEG (a `file_id` or
 * URL is not modelled), at most 10 MB, width + height at most 10000, sides' ratio at most 20.
 */
function checkPhoto(value: unknown): { bytes: Buffer; format: 'png' | 'jpeg'; width: number; height: number; filename?: string } {
  const file = value as UploadedFile | undefined;
  if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.bytes)) throw new ApiError(400, 'Bad Request: there is no photo in the request');
  const bytes = file.bytes;
  if (bytes.length > 10 * 1024 * 1024) throw new ApiError(400, 'Bad Request: PHOTO_INVALID_DIMENSIONS');
  let format: 'png' | 'jpeg';
  let width = 0;
  let height = 0;
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR') {
    format = 'png';
    width = bytes.readUInt32BE(16);
    height = bytes.readUInt32BE(20);
    if (width === 0 || height === 0 || width + height > 10_000 || Math.max(width, height) / Math.min(width, height) > 20) {
      throw new ApiError(400, 'Bad Request: PHOTO_INVALID_DIMENSIONS');
    }
  } else if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    format = 'jpeg';
  } else {
    throw new ApiError(400, 'Bad Request: IMAGE_PROCESS_FAILED');
  }
  return { bytes, format, width, height, ...(file.filename ? { filename: file.filename } : {}) };
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
 * cannot parse, empty text, strings that are not valid UTF-8 such as half a surrogate pair),
 * records every call and can be told to fail (`failNext`, or `setMode` for rate limits with
 * `retry_after`, 5xx, refusals and dropped connections on one method).
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
  let photos: SentPhoto[] = [];
  let callbackAnswers: { callbackQueryId: string; text?: string }[] = [];
  const listeners = new Set<(message: SentMessage) => void>();
  const updates: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let rule: { mode: Exclude<TelegramServerMode, { kind: 'ok' }>; method: string | undefined; remaining: number } | null = null;
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
        const markup = params.reply_markup === undefined ? undefined : (structured(params.reply_markup, 'reply_markup') as { inline_keyboard?: InlineKeyboard });
        if (markup !== undefined && (typeof markup !== 'object' || markup === null)) throw new ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
        for (const button of (markup?.inline_keyboard ?? []).flat()) {
          // Telegram refuses callback data over 64 bytes (BUTTON_DATA_INVALID).
          if (typeof button.callback_data === 'string' && Buffer.byteLength(button.callback_data) > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
        }
        const message: SentMessage = {
          messageId: nextMessageId++,
          chatId,
          text,
          plainText,
          ...(parseMode ? { parseMode } : {}),
          ...(markup?.inline_keyboard ? { inlineKeyboard: markup.inline_keyboard } : {}),
          ...(flag(params.disable_notification) ? { disableNotification: true } : {}),
        };
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
      case 'sendPhoto': {
        const chatId = requireChatId(params);
        const photo = checkPhoto(params.photo);
        const caption = typeof params.caption === 'string' ? params.caption : undefined;
        const parseMode = typeof params.parse_mode === 'string' ? params.parse_mode : undefined;
        let plainCaption = caption;
        if (caption !== undefined && parseMode?.toUpperCase() === 'HTML') {
          const parsed = parseTelegramHtml(caption);
          if (!parsed.ok) throw new ApiError(400, parsed.description);
          plainCaption = parsed.text;
        }
        if (plainCaption !== undefined && [...plainCaption].length > 1024) throw new ApiError(400, 'Bad Request: message caption is too long');
        const sent: SentPhoto = {
          messageId: nextMessageId++,
          chatId,
          ...photo,
          ...(caption !== undefined ? { caption, plainCaption: plainCaption! } : {}),
          ...(parseMode ? { parseMode } : {}),
          ...(flag(params.disable_notification) ? { disableNotification: true } : {}),
        };
        photos.push(sent);
        return {
          message_id: sent.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: 'private' },
          photo: [{ file_id: `photo-${sent.messageId}`, file_unique_id: `p${sent.messageId}`, width: photo.width, height: photo.height, file_size: photo.bytes.length }],
          ...(plainCaption !== undefined ? { caption: plainCaption } : {}),
        };
      }
      case 'answerCallbackQuery': {
        if (typeof params.callback_query_id !== 'string' || params.callback_query_id === '') throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        const text = typeof params.text === 'string' ? params.text : undefined;
        if (text !== undefined && text.length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        callbackAnswers.push({ callbackQueryId: params.callback_query_id, ...(text !== undefined ? { text } : {}) });
        return true;
      }
      case 'sendChatAction':
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
      if (!wellFormed(params)) throw new ApiError(400, NOT_UTF8);
      if (rule && (rule.method === undefined || rule.method === method)) {
        const { mode } = rule;
        rule.remaining -= 1;
        if (rule.remaining <= 0) rule = null;
        switch (mode.kind) {
          case 'rate-limit': {
            const seconds = mode.retryAfterSeconds ?? 1;
            throw new ApiError(429, `Too Many Requests: retry after ${seconds}`, seconds);
          }
          case 'fail': {
            const code = mode.status ?? 500;
            throw new ApiError(code, mode.description ?? defaultDescription(code));
          }
          case 'disconnect':
            throw new Disconnect();
          case 'slow':
            await new Promise((resolve) => setTimeout(resolve, mode.delayMs));
            break;
          case 'hold':
            await mode.until.catch(() => undefined);
            break;
        }
      }
      body = { ok: true, result: await answer(method, params) };
    } catch (error) {
      if (error instanceof Disconnect) {
        calls.push({ token, method, params, status: 0 });
        req.socket.destroy();
        return;
      }
      const apiError = error instanceof ApiError ? error : new ApiError(400, `Bad Request: ${(error as Error).message}`);
      const fail = failure(apiError.status, apiError.description, apiError.retryAfterSeconds);
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
  // Telegram keeps connections open between calls. A hint of 1 s (`Keep-Alive: timeout=1`) is one
  // clients refuse: undici and Node's agent keep a socket only for the hint minus 1 s, so every
  // reply opened and closed a TCP connection the real API never makes the webhook pay for.
  server.keepAliveTimeout = 5000;
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
    photosTo: (chatId) => photos.filter((p) => p.chatId === String(chatId)),
    callbackAnswers: () => [...callbackAnswers],
    failNext(count, errorCode = 500, description) {
      rule = count > 0 ? { mode: { kind: 'fail', status: errorCode, description: description ?? (errorCode >= 500 ? 'Internal Server Error' : 'Bad Request') }, method: undefined, remaining: count } : null;
    },
    setMode(mode, modeOptions = {}) {
      const times = modeOptions.times ?? Infinity;
      rule = mode.kind === 'ok' || times <= 0 ? null : { mode, method: modeOptions.method, remaining: times };
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
      photos = [];
      callbackAnswers = [];
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
