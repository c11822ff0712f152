/**
 * `node-fetch` for the Lambda bundles, on market-data's `httpFetch` (Node's `http`/`https`).
 * Telegraf 4 calls node-fetch v2 (which brings whatwg-url and tr46, ~300 KB of a bundle) for every
 * Bot API request. Node's own `fetch` would do, but its first call in a process loads undici and
 * compiles its HTTP parser (~35 ms of CPU more than `http.request` on the 2-core machine, on every
 * cold start's first reply); `httpFetch` is the transport the Yahoo feed uses too, so one piece of
 * code sends both. The bundler aliases `node-fetch` to this file (see `lambda-plugins.ts`), and jest
 * maps it too, so every test of Telegraf's calls runs this code.
 *
 * It covers what Telegraf uses: `fetch(url, { method, headers, body, signal, timeout, agent })` with
 * a JSON string or a Node stream body (multipart uploads), and a response with `status`,
 * `statusText`, `ok`, `headers`, `json()`, `text()` and a Node stream `body` (Telegraf pipes a media
 * URL's body into its upload). node-fetch's `timeout` becomes an abort signal; its `agent` (Telegraf's
 * keep-alive agent for an https API root) is used; `compress` is always on (the answer is decoded);
 * the hop-by-hop `connection` header is dropped.
 */
import { Agent } from 'node:http';
import type { Readable } from 'node:stream';
import { httpFetch, type HttpHeaders } from '../../../packages/market-data/src/http-fetch';

/** The node-fetch v2 request options Telegraf passes. */
export interface NodeFetchInit {
  readonly method?: string;
  readonly headers?: Record<string, string | number | readonly string[]>;
  readonly body?: string | Buffer | Uint8Array | NodeJS.ReadableStream | null;
  readonly signal?: AbortSignal | null;
  /** node-fetch v2: milliseconds before the request is aborted (0: none). */
  readonly timeout?: number;
  /** The connection pool (Telegraf's keep-alive agent for an https API root). */
  readonly agent?: unknown;
  /** node-fetch v2: decode compressed answers (always done). */
  readonly compress?: boolean;
  readonly redirect?: 'follow' | 'manual' | 'error';
}

/** The node-fetch v2 response surface Telegraf reads. */
export interface NodeFetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: HttpHeaders;
  /** The body as a Node stream (node-fetch v2 semantics), or null when there is none. */
  readonly body: Readable | null;
  json(): Promise<unknown>;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  buffer(): Promise<Buffer>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/** The request's signal combined with node-fetch's `timeout`, as one native AbortSignal. */
function signalFor(init: NodeFetchInit): AbortSignal | undefined {
  const signals = [init.signal ?? undefined, init.timeout ? AbortSignal.timeout(init.timeout) : undefined].filter((s): s is AbortSignal => s !== undefined);
  if (signals.length <= 1) return signals[0];
  return AbortSignal.any(signals);
}

/** node-fetch v2's call, on `httpFetch`. */
export default async function nodeFetch(url: string | URL, init: NodeFetchInit = {}): Promise<NodeFetchResponse> {
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    if (Array.isArray(value)) for (const v of value) headers.push([name, String(v)]);
    else headers.push([name, String(value)]);
  }
  const signal = signalFor(init);
  // An https.Agent is an http.Agent too; anything else (node-fetch also took a function) means the default pool.
  const agent = init.agent instanceof Agent ? init.agent : undefined;
  const response = await httpFetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body != null ? { body: init.body } : {}),
    ...(init.redirect ? { redirect: init.redirect } : {}),
    ...(signal ? { signal } : {}),
    ...(agent ? { agent } : {}),
  });
  let body: Readable | null | undefined;
  return {
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    get body() {
      body ??= response.stream();
      return body;
    },
    json: () => response.json(),
    text: () => response.text(),
    arrayBuffer: () => response.arrayBuffer(),
    buffer: async () => Buffer.from(await response.arrayBuffer()),
  };
}
