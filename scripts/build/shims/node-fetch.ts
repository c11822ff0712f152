/**
 * `node-fetch` for the Lambda bundles, on Node's built-in `fetch`. Telegraf 4 calls node-fetch v2
 * (which brings whatwg-url and tr46, ~300 KB of a bundle) for every Bot API request; Node 20 has
 * `fetch`, `URL` and IDNA built in. The bundler aliases `node-fetch` to this file (see
 * `lambda-plugins.ts`), and jest maps it too, so every test of Telegraf's calls runs this code.
 *
 * It covers what Telegraf uses: `fetch(url, { method, headers, body, signal, timeout })` with a
 * JSON string or a Node stream body (multipart uploads), and a response with `status`,
 * `statusText`, `ok`, `headers`, `json()`, `text()` and a Node stream `body` (Telegraf pipes a
 * media URL's body into its upload). node-fetch-only options are honoured or dropped:
 * `timeout` becomes an abort signal; `agent` and `compress` are undici's business (keep-alive and
 * decompression are built in); the hop-by-hop `connection` header is dropped.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** The node-fetch v2 request options Telegraf passes. */
export interface NodeFetchInit {
  readonly method?: string;
  readonly headers?: Record<string, string | number | readonly string[]>;
  readonly body?: string | Buffer | Uint8Array | NodeJS.ReadableStream | null;
  readonly signal?: AbortSignal | null;
  /** node-fetch v2: milliseconds before the request is aborted (0: none). */
  readonly timeout?: number;
  /** node-fetch v2 options with no meaning for the built-in fetch. */
  readonly agent?: unknown;
  readonly compress?: boolean;
  readonly redirect?: 'follow' | 'manual' | 'error';
}

/** The node-fetch v2 response surface Telegraf reads. */
export interface NodeFetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: Headers;
  /** The body as a Node stream (node-fetch v2 semantics), or null when there is none. */
  readonly body: Readable | null;
  json(): Promise<unknown>;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  buffer(): Promise<Buffer>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

function isNodeStream(body: unknown): body is NodeJS.ReadableStream {
  return typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function';
}

/** The request's signal combined with node-fetch's `timeout`, as one native AbortSignal. */
function signalFor(init: NodeFetchInit): AbortSignal | undefined {
  const signals = [init.signal ?? undefined, init.timeout ? AbortSignal.timeout(init.timeout) : undefined].filter((s): s is AbortSignal => s !== undefined);
  if (signals.length <= 1) return signals[0];
  return AbortSignal.any(signals);
}

/** node-fetch v2's call, on the built-in fetch. */
export default async function nodeFetch(url: string | URL, init: NodeFetchInit = {}): Promise<NodeFetchResponse> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, String(v));
    else headers.set(name, String(value));
  }
  const streaming = isNodeStream(init.body);
  const signal = signalFor(init);
  const request: RequestInit & { duplex?: 'half' } = {
    method: init.method ?? 'GET',
    headers,
    ...(init.redirect ? { redirect: init.redirect } : {}),
    ...(signal ? { signal } : {}),
  };
  if (init.body != null) {
    // A Node stream is async-iterable; undici streams it when told the request is half duplex.
    const source = init.body as NodeJS.ReadableStream | string | Uint8Array;
    // A string or bytes go as they are (Buffer and Uint8Array are valid fetch bodies at run time).
    request.body = (streaming ? Readable.toWeb(source instanceof Readable ? source : Readable.from(source as NodeJS.ReadableStream)) : source) as RequestInit['body'];
    if (streaming) request.duplex = 'half';
  }
  const response = await fetch(String(url), request);
  let body: Readable | null | undefined;
  return {
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    get body() {
      body ??= response.body ? Readable.fromWeb(response.body as unknown as WebReadableStream) : null;
      return body;
    },
    json: () => response.json(),
    text: () => response.text(),
    arrayBuffer: () => response.arrayBuffer(),
    buffer: async () => Buffer.from(await response.arrayBuffer()),
  };
}
