import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The chat id `pnpm start`'s terminal chat uses (and tests use by default). */
export const LOCAL_CHAT_ID = 424242;

let lastUpdateId = 100_000;

/** The update id to use: the one asked for, else the next of this process. */
function nextUpdateId(wanted: number | undefined): number {
  lastUpdateId += 1;
  return wanted ?? lastUpdateId;
}

/** The person of a private chat, as `from` (a user) and as `chat`, the way Telegram sends them. */
function privateChatParts(chatId: number, who: { readonly firstName?: string; readonly username?: string; readonly languageCode?: string }) {
  const firstName = who.firstName ?? 'Local';
  const username = who.username ?? 'local_investor';
  return {
    from: { id: chatId, is_bot: false, first_name: firstName, username, language_code: who.languageCode ?? 'en' },
    chat: { id: chatId, first_name: firstName, username, type: 'private' },
  };
}

/** What `makeUpdate` needs; everything but `text` has a realistic default. */
export interface MakeUpdateOptions {
  readonly text: string;
  readonly chatId?: number;
  readonly updateId?: number;
  readonly messageId?: number;
  /** Seconds since the epoch, as Telegram sends it. */
  readonly date?: number;
  readonly firstName?: string;
  readonly username?: string;
  readonly languageCode?: string;
}

/**
 * Builds a real-shaped Telegram `Update` holding a private text message, with a `bot_command`
 * entity when the text starts with `/` (as Telegram adds one). Use it in tests and the terminal
 * chat so updates look exactly like what the webhook receives from Telegram.
 */
export function makeUpdate(options: MakeUpdateOptions): Record<string, unknown> & { update_id: number } {
  const chatId = options.chatId ?? LOCAL_CHAT_ID;
  const updateId = nextUpdateId(options.updateId);
  const commandLength = options.text.startsWith('/') ? (/^\/\S+/.exec(options.text)?.[0].length ?? 0) : 0;
  return {
    update_id: updateId,
    message: {
      message_id: options.messageId ?? updateId,
      ...privateChatParts(chatId, options),
      date: options.date ?? Math.floor(Date.now() / 1000),
      text: options.text,
      ...(commandLength > 0 ? { entities: [{ offset: 0, length: commandLength, type: 'bot_command' }] } : {}),
    },
  };
}

/** What `makeCallbackQuery` needs: the button's data; the rest has realistic defaults. */
export interface MakeCallbackQueryOptions {
  readonly data: string;
  readonly chatId?: number;
  readonly updateId?: number;
  /** The bot's message the button belongs to. */
  readonly messageId?: number;
  readonly messageText?: string;
  readonly date?: number;
}

/**
 * Builds a real-shaped `Update` holding a `callback_query`: what Telegram sends when the person taps
 * an inline button under one of the bot's messages (the re-arm button of a fired alert).
 */
export function makeCallbackQuery(options: MakeCallbackQueryOptions): Record<string, unknown> & { update_id: number } {
  const chatId = options.chatId ?? LOCAL_CHAT_ID;
  const updateId = nextUpdateId(options.updateId);
  const { from, chat } = privateChatParts(chatId, {});
  return {
    update_id: updateId,
    callback_query: {
      id: `${chatId}${updateId}`,
      from,
      message: {
        message_id: options.messageId ?? 1,
        from: { id: 7_000_000_001, is_bot: true, first_name: 'Tradebot', username: 'tradebot_local_bot' },
        chat,
        date: options.date ?? Math.floor(Date.now() / 1000),
        text: options.messageText ?? 'alert',
      },
      chat_instance: `ci${chatId}`,
      data: options.data,
    },
  };
}

/** What `makeWebhookEvent` needs. */
export interface MakeWebhookEventOptions {
  /** The request body: an object is JSON-encoded; a string is sent as is. */
  readonly body?: unknown;
  /** The `X-Telegram-Bot-Api-Secret-Token` header; omitted when undefined. */
  readonly secretToken?: string;
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sends the body base64-encoded, as API Gateway does for some content types. */
  readonly base64?: boolean;
  readonly requestId?: string;
}

/**
 * Builds an API Gateway HTTP API (payload format 2.0) event like the one Telegram's webhook
 * delivery produces. Use it to drive `fn-webhook`'s handler in tests and the local endpoint.
 */
export function makeWebhookEvent(options: MakeWebhookEventOptions = {}): APIGatewayProxyEventV2 {
  const method = options.method ?? 'POST';
  const path = options.path ?? '/webhook';
  const raw = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: 'local.execute-api.localhost',
    'user-agent': 'TelegramBot (like TwitterBot)',
    ...(options.secretToken !== undefined ? { 'x-telegram-bot-api-secret-token': options.secretToken } : {}),
    ...Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  if (raw !== undefined) headers['content-length'] = String(Buffer.byteLength(raw));
  const now = Date.now();
  const requestId = options.requestId ?? `local-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'local.execute-api.localhost',
      domainPrefix: 'local',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent']! },
      requestId,
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: options.base64 === true,
    ...(raw !== undefined ? { body: options.base64 ? Buffer.from(raw, 'utf8').toString('base64') : raw } : {}),
  };
}
