/**
 * A `fetch` for server-side HTTP clients on Node's `http`/`https` modules instead of its built-in
 * `fetch` (undici). The first call of Node's `fetch` in a process loads undici and compiles its
 * HTTP parser: about 45 ms of CPU on the 2-core machine, against about 10 ms for `http.request`,
 * whose modules the AWS SDK has loaded already. A Lambda's cold start pays that once per instance,
 * for a few requests; this transport keeps it off the reply path (docs/packaging.md).
 *
 * It implements what yahoo-finance2 and Telegraf (through the `node-fetch` shim of the Lambda
 * bundles) use: `method`, `headers`, a string, bytes or Node stream `body`, `signal`, `redirect`
 * (`follow`, `manual`, `error`), gzip/deflate/br answers decoded as `fetch` does, and a response
 * with `status`, `statusText`, `ok`, `url`, `redirected`, `headers` (`get`, `getSetCookie`, `has`,
 * `forEach`, iteration) and the body once, as `text()`, `json()`, `arrayBuffer()` or the Node stream
 * itself (`stream()`; `body.cancel()` discards it).
 */
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The request options this transport reads (a subset of `RequestInit`, plus `agent`). */
export interface HttpFetchInit {
  readonly method?: string;
  /** A record, `[name, value]` pairs or anything with `forEach((value, name) => ...)` (a `Headers`). */
  readonly headers?: Record<string, string | number | readonly string[]> | readonly (readonly [string, string])[] | { forEach(callback: (value: string, name: string) => void): void };
  readonly body?: string | Uint8Array | NodeJS.ReadableStream | null;
  readonly signal?: AbortSignal | null;
  readonly redirect?: 'follow' | 'manual' | 'error';
  /** The connection pool to use (Telegraf passes its keep-alive agent); default Node's global one. */
  readonly agent?: Agent;
}

/** The answer's headers, read-only, as `fetch`'s `Headers` give them. */
export class HttpHeaders {
  private readonly byName = new Map<string, string[]>();

  /** `rawHeaders` of a Node response: name, value, name, value... */
  constructor(raw: readonly string[] = []) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const values = this.byName.get(name);
      if (values) values.push(raw[i + 1]!);
      else this.byName.set(name, [raw[i + 1]!]);
    }
  }

  /** The values of `name` joined by `, ` (as `fetch` does), or null. */
  get(name: string): string | null {
    return this.byName.get(name.toLowerCase())?.join(', ') ?? null;
  }

  /** Each `Set-Cookie` line on its own (yahoo-finance2's cookie jar reads them so). */
  getSetCookie(): string[] {
    return [...(this.byName.get('set-cookie') ?? [])];
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this.entries()) callback(value, name);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.byName.keys()].sort()) yield [name, this.get(name)!];
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** What `httpFetch` resolves to: the `Response` members its callers read. */
export interface HttpResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  /** The URL answered (after redirects). */
  readonly url: string;
  readonly redirected: boolean;
  readonly headers: HttpHeaders;
  /** The body (decoded), with `cancel()` to discard it unread; null for a 204/304 or a HEAD. */
  readonly body: { cancel(): Promise<void> } | null;
  /** The decoded body as a Node stream (node-fetch v2's `body`), or null when there is none. */
  stream(): Readable | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

/** What an aborted `fetch` rejects with: the signal's reason (a `DOMException` for `AbortSignal.timeout`), else an AbortError. */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (typeof reason === 'object' && reason !== null && 'name' in reason) return reason as Error;
  const error = new Error('This operation was aborted');
  error.name = 'AbortError';
  return error;
}

function headerRecord(headers: HttpFetchInit['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const add = (name: string, value: string): void => {
    const key = name.toLowerCase();
    const previous = out[key];
    out[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  };
  if (!headers) return out;
  if (Array.isArray(headers)) for (const [name, value] of headers as readonly (readonly [string, string])[]) add(name, value);
  else if (typeof (headers as { forEach?: unknown }).forEach === 'function') (headers as { forEach(cb: (v: string, n: string) => void): void }).forEach((value, name) => add(name, value));
  else {
    for (const [name, value] of Object.entries(headers as Record<string, string | number | readonly string[]>)) {
      if (Array.isArray(value)) for (const v of value) add(name, String(v));
      else add(name, String(value));
    }
  }
  return out;
}

function isStream(body: unknown): body is NodeJS.ReadableStream {
  return typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function';
}

/** One request and its response head; the body is left in the message. */
function send(url: URL, method: string, headers: Record<string, string | string[]>, body: HttpFetchInit['body'], init: HttpFetchInit): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) return reject(abortError(signal));
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers, ...(init.agent ? { agent: init.agent } : {}) });
    const onAbort = (): void => {
      request.destroy(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    request.once('response', (message) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal) {
        // A later abort discards the body being read: its reader sees the abort's error.
        const onBodyAbort = (): void => void message.destroy(abortError(signal));
        signal.addEventListener('abort', onBodyAbort, { once: true });
        message.once('close', () => signal.removeEventListener('abort', onBodyAbort));
      }
      resolve(message);
    });
    if (body == null) request.end();
    else if (isStream(body)) body.pipe(request);
    else request.end(body);
  });
}

/** The body stream decoded by its `content-encoding`, as `fetch` hands it over. */
function decoded(message: IncomingMessage): Readable {
  const encoding = (message.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : null;
  if (!decoder) return message;
  message.on('error', (error) => decoder.destroy(error));
  return message.pipe(decoder);
}

function responseOf(message: IncomingMessage, url: URL, redirected: boolean, method: string): HttpResponse {
  const status = message.statusCode ?? 0;
  const empty = method === 'HEAD' || status === 204 || status === 304;
  let used = false;
  const take = (): Readable => {
    if (used) throw new TypeError('Body is unusable: Body has already been read');
    used = true;
    return decoded(message);
  };
  const bytes = async (): Promise<Buffer> => {
    if (empty) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    for await (const chunk of take()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  if (empty) message.resume();
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: message.statusMessage ?? '',
    url: url.href,
    redirected,
    headers: new HttpHeaders(message.rawHeaders),
    body: empty
      ? null
      : {
          cancel: async () => {
            used = true;
            message.destroy();
          },
        },
    stream: () => (empty ? null : take()),
    text: async () => (await bytes()).toString('utf8'),
    json: async () => JSON.parse((await bytes()).toString('utf8')) as unknown,
    arrayBuffer: async () => {
      const buffer = await bytes();
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
    },
  };
}

/**
 * `fetch(input, init)` on Node's `http`/`https`, for the subset described above. Use it as the
 * transport of server-side clients that accept a `fetch` (yahoo-finance2 through `YahooPriceFeed`);
 * keep Node's `fetch` for clients that need more of it (streams in both directions, `Request`
 * objects, `Headers` instances in the request): the Anthropic SDK.
 */
export async function httpFetch(input: string | URL, init: HttpFetchInit = {}): Promise<HttpResponse> {
  let url = new URL(String(input));
  let method = (init.method ?? 'GET').toUpperCase();
  const headers = headerRecord(init.headers);
  // What fetch sends unless told otherwise; the answer is decoded before anyone reads it.
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  let body = init.body;
  if (body != null && !isStream(body)) headers['content-length'] ??= String(Buffer.byteLength(body));
  for (let redirects = 0; ; redirects += 1) {
    const message = await send(url, method, headers, body, init);
    const location = message.headers.location;
    const status = message.statusCode ?? 0;
    if (!REDIRECTS.has(status) || location === undefined || init.redirect === 'manual') return responseOf(message, url, redirects > 0, method);
    message.resume();
    if (init.redirect === 'error') throw new TypeError(`fetch failed: redirected to ${location} with redirect: 'error'`);
    if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed: too many redirects');
    if (isStream(body)) throw new TypeError('fetch failed: cannot follow a redirect with a streamed body');
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      delete headers['content-type'];
      delete headers['content-length'];
    }
    const next = new URL(location, url);
    if (next.origin !== url.origin) delete headers.authorization;
    url = next;
  }
}

/** `httpFetch` typed as `fetch`, for clients whose option is declared so (they call only the subset above). */
export const httpFetchAsFetch = httpFetch as unknown as typeof fetch;
