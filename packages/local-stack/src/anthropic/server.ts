import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scriptedAnswer } from './scripted-notes';

/** One request the server received, as parsed JSON with its headers. */
export interface RecordedAnthropicRequest {
  readonly path: string;
  /** The key the client authenticated with (`x-api-key`, or `Authorization: Bearer`), '' when none. */
  readonly apiKey: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Record<string, unknown>;
  /** The `usage` of the answer, when it was a message (absent for errors and requests still waiting). */
  readonly usage?: { readonly input_tokens: number; readonly output_tokens: number; readonly cache_creation_input_tokens: number; readonly cache_read_input_tokens: number };
}

/** What the server does with the next requests (each mode applies until changed). */
export type AnthropicServerMode =
  | { readonly kind: 'ok' }
  /** HTTP 500 `api_error` (or another 5xx, e.g. 529 `overloaded_error`). */
  | { readonly kind: 'fail'; readonly status?: number }
  /** HTTP 429 `rate_limit_error` with `retry-after` (seconds). */
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds?: number }
  /** Waits `delayMs` before answering normally (a client timeout shorter than that fires). */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** HTTP 200 with a body that is not a Messages API message (a broken proxy, a changed API). */
  | { readonly kind: 'malformed' };

/** Options of `startAnthropicServer`. */
export interface AnthropicServerOptions {
  /** Text of every successful answer; default a short fixed note. A function sees the request body. */
  readonly reply?: string | ((body: Record<string, unknown>) => string);
  /** Output tokens reported; default: words of the reply x 1.4, rounded up. */
  readonly outputTokens?: number;
  /**
   * Play a model whose thinking is always on (Opus 5.5): every answer starts with an (omitted-display)
   * thinking block, and a request that forces tool use (`tool_choice` `any` or `tool`) is refused
   * with a 400, as the API refuses forced tool use while the model thinks.
   */
  readonly thinking?: boolean;
  /**
   * Scripted tool use: for a request that offers `tools`, the tool call to answer with (a
   * `tool_use` block, `stop_reason: "tool_use"`), or `null` for a plain text answer. Sees the
   * request body and the text of its messages (the last user message is the chat message).
   */
  readonly toolUse?: (body: Record<string, unknown>, userText: string) => { readonly name: string; readonly input: unknown } | null;
  /**
   * Text of the answer to a monthly lessons review (a user message that starts `M YYYY-MM` and
   * lists `F` fact lines); default `scriptedLessonsAnswer` of those lines. A function sees the body.
   */
  readonly lessonsReply?: string | ((body: Record<string, unknown>) => string);
  /**
   * Answer like a model that keeps to the prompt's last line ("Answer in Spanish, at most 120 words."):
   * the longest scripted morning note (`SCRIPTED_NOTES`) in that language within that many words, its
   * output tokens counted as a current model would (`scriptedAnswer`). `reply` and `outputTokens` are
   * then ignored; `max_tokens` still cuts, with `stop_reason: max_tokens`.
   */
  readonly scripted?: boolean;
}

/**
 * The stand-in's answer to a lessons review: JSON patterns built from the request's fact lines
 * (`F seq symbol entry>exit days prices ret% ... breaches`), so a test can see its facts came back:
 * one pattern for the sales that broke a rule (if any), one for the longest-held sale.
 */
export function scriptedLessonsAnswer(userText: string): string {
  const facts = userText
    .split('\n')
    .filter((line) => line.startsWith('F '))
    .map((line) => {
      const parts = line.split(' ');
      return { seq: parts[1] ?? '?', symbol: parts[2] ?? '?', days: Number.parseInt(parts[4] ?? '0', 10), ret: parts[6] ?? '?', breaches: parts[parts.length - 1] ?? 'ok' };
    });
  const patterns: { pattern: string; evidence: string; symbols: string[] }[] = [];
  const breached = facts.filter((f) => f.breaches !== 'ok');
  if (breached.length > 0) {
    patterns.push({
      pattern: `${breached.length} of ${facts.length} sales broke a rule.`,
      evidence: breached.map((f) => `#${f.seq} ${f.symbol} ${f.ret} ${f.breaches}`).join(', '),
      symbols: [...new Set(breached.map((f) => f.symbol))],
    });
  }
  const longest = [...facts].sort((a, b) => b.days - a.days)[0];
  if (longest) patterns.push({ pattern: `Longest hold: ${longest.symbol}, ${longest.days} days.`, evidence: `#${longest.seq} ${longest.symbol} ${longest.ret}`, symbols: [longest.symbol] });
  return `Here are the patterns:\n\`\`\`json\n${JSON.stringify({ patterns })}\n\`\`\``;
}

/** A running local Anthropic Messages API. Close it in `afterAll`. */
export interface AnthropicServer {
  /** Base URL for the SDK's `baseURL` (no trailing `/v1`). */
  readonly url: string;
  /** Every request received, oldest first (including the ones answered with an error). */
  readonly requests: RecordedAnthropicRequest[];
  /** Applies `mode` to the next requests; with `times`, only to that many, then answers normally again. */
  setMode(mode: AnthropicServerMode, options?: { readonly times?: number }): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY = 'Morning note: review the alerts first; the portfolio is steady; two candidates look interesting. Not financial advice.';

const textOf = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b) => (b && typeof b === 'object' && 'text' in b ? String((b as { text: unknown }).text) : '')).join('');
  return '';
};

// Roughly 4 characters per token, the usual figure for English: good enough for usage numbers in tests.
const approxTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

function sendError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_local_${Date.now()}`, ...headers });
  res.end(JSON.stringify({ type: 'error', error: { type, message } }));
}

/**
 * Starts an HTTP server on 127.0.0.1 (free port) answering `POST /v1/messages` like the Anthropic
 * API: message shape with `usage` (input, output, cache creation and cache read tokens, cache
 * figures following `cache_control` on the system prompt: written on first sight, read after),
 * API-shaped JSON errors, and modes to fail, rate-limit or be slow. Use it in tests and local runs
 * with the SDK's `baseURL`; it never reaches the internet.
 */
export async function startAnthropicServer(options: AnthropicServerOptions = {}): Promise<AnthropicServer> {
  const requests: RecordedAnthropicRequest[] = [];
  const cachedSystems = new Set<string>();
  let mode: AnthropicServerMode = { kind: 'ok' };
  let remaining = Infinity;
  const timers = new Set<NodeJS.Timeout>();

  const answer = (res: ServerResponse, body: Record<string, unknown>, recorded: { usage?: RecordedAnthropicRequest['usage'] }): void => {
    const system = body.system;
    const systemText = textOf(system);
    const cacheable = Array.isArray(system) && system.some((b) => b && typeof b === 'object' && 'cache_control' in b);
    const userText = Array.isArray(body.messages) ? body.messages.map((m) => textOf((m as { content?: unknown }).content)).join('\n') : '';
    let cacheCreation = 0;
    let cacheRead = 0;
    let input = approxTokens(userText);
    if (cacheable) {
      if (cachedSystems.has(systemText)) cacheRead = approxTokens(systemText);
      else {
        cacheCreation = approxTokens(systemText);
        cachedSystems.add(systemText);
      }
    } else input += approxTokens(systemText);
    // Tool definitions are input too (the real API counts them with the system prompt).
    const tools = Array.isArray(body.tools) && body.tools.length > 0 ? body.tools : null;
    if (tools) input += approxTokens(JSON.stringify(tools));
    const send = (content: readonly unknown[], stopReason: string, output: number): void => {
      const usage = { input_tokens: input, output_tokens: output, cache_creation_input_tokens: cacheCreation, cache_read_input_tokens: cacheRead };
      recorded.usage = usage;
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_local_${requests.length}` });
      res.end(
        JSON.stringify({
          id: `msg_local_${requests.length}`,
          type: 'message',
          role: 'assistant',
          model: typeof body.model === 'string' ? body.model : 'unknown',
          content,
          stop_reason: stopReason,
          stop_sequence: null,
          usage,
        }),
      );
    };
    const thinkingBlock = options.thinking ? [{ type: 'thinking', thinking: '', signature: 'local-signature' }] : [];
    const choice = (body.tool_choice as { type?: unknown } | undefined)?.type;
    if (tools && options.thinking && (choice === 'any' || choice === 'tool')) {
      sendError(res, 400, 'invalid_request_error', 'Thinking may not be enabled when tool_choice forces tool use.');
      return;
    }
    const call = tools && options.toolUse ? options.toolUse(body, userText) : null;
    if (call) {
      send([...thinkingBlock, { type: 'tool_use', id: `toolu_local_${requests.length}`, name: call.name, input: call.input }], 'tool_use', Math.max(1, approxTokens(JSON.stringify(call.input)) + 10));
      return;
    }
    const lessons = /^M \d{4}-\d{2}\b/.test(userText);
    const scripted = options.scripted && !lessons ? scriptedAnswer(userText) : null;
    const reply =
      scripted?.text ??
      (lessons
        ? typeof options.lessonsReply === 'function'
          ? options.lessonsReply(body)
          : (options.lessonsReply ?? scriptedLessonsAnswer(userText))
        : typeof options.reply === 'function'
          ? options.reply(body)
          : (options.reply ?? DEFAULT_REPLY));
    const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
    const wanted = scripted?.tokens ?? options.outputTokens ?? Math.ceil(reply.split(/\s+/).length * 1.4);
    const output = Math.min(wanted, maxTokens);
    send([...thinkingBlock, { type: 'text', text: reply }], output < wanted ? 'max_tokens' : 'end_turn', output);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      sendError(res, 404, 'not_found_error', `No route for ${req.method} ${req.url}`);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      sendError(res, 400, 'invalid_request_error', 'Request body is not valid JSON');
      return;
    }
    const bearer = /^Bearer\s+(.*)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const apiKey = String(req.headers['x-api-key'] ?? bearer).trim();
    const recorded: { -readonly [K in keyof RecordedAnthropicRequest]: RecordedAnthropicRequest[K] } = { path: req.url, apiKey, headers: req.headers, body };
    requests.push(recorded);
    if (!apiKey) {
      sendError(res, 401, 'authentication_error', 'invalid x-api-key');
      return;
    }
    if (typeof body.model !== 'string' || typeof body.max_tokens !== 'number' || !Array.isArray(body.messages)) {
      sendError(res, 400, 'invalid_request_error', 'model, max_tokens and messages are required');
      return;
    }
    const current = mode;
    remaining -= 1;
    if (remaining <= 0) {
      mode = { kind: 'ok' };
      remaining = Infinity;
    }
    switch (current.kind) {
      case 'fail': {
        const status = current.status ?? 500;
        sendError(res, status, status === 529 ? 'overloaded_error' : 'api_error', 'Internal server error');
        return;
      }
      case 'rate-limit':
        sendError(res, 429, 'rate_limit_error', 'Number of requests has exceeded your rate limit', {
          'retry-after': String(current.retryAfterSeconds ?? 1),
        });
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) answer(res, body, recorded);
        }, current.delayMs);
        timers.add(timer);
        return;
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'message', content: 'not a list' }));
        return;
      case 'ok':
        answer(res, body, recorded);
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode(next, options = {}) {
      mode = next;
      remaining = options.times ?? Infinity;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
