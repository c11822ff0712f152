/**
 * The faults a request meets before the local Yahoo server serves it: a source refusing everything,
 * a burst of 429s (with `Retry-After` in seconds or as an HTTP-date) and seeded transient 500s.
 * Content faults (broken symbols, malformed bodies) belong to the routes (`server.ts`).
 */
import type { Burst429, YahooRequestLog, YahooServerOptions } from './server';
import { hashString, mulberry32 } from './simulated-series';

/** An answer to send: status, body (a string is sent as text, anything else as JSON) and headers. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string | string[]>>;
}

/** Yahoo's error envelope (`{ chart: { result: null, error } }`). */
export const yahooError = (key: string, code: string, description: string): unknown => ({
  [key]: { result: null, error: { code, description } },
});

/** The `Retry-After` header of a 429 in a burst, if the burst sends one. */
function retryAfterHeader(burst: Burst429, now: Date): Record<string, string> {
  if (burst.retryAfterSeconds === undefined) return {};
  if (burst.retryAfterFormat === 'http-date') return { 'retry-after': new Date(now.getTime() + burst.retryAfterSeconds * 1000).toUTCString() };
  return { 'retry-after': String(burst.retryAfterSeconds) };
}

/** Decides, request by request, whether a fault answers instead of the source. */
export class FaultInjector {
  private dataRequests = 0;
  /** How often each data request (kind + symbols) got past the 429 burst: the key of its seeded fault. */
  private askedBefore = new Map<string, number>();

  constructor(
    private readonly config: () => YahooServerOptions,
    private readonly now: () => Date,
  ) {}

  /** The fault's answer to this request, or null when the source serves it. */
  meet(kind: YahooRequestLog['kind'], symbols: readonly string[]): Answer | null {
    const config = this.config();
    if (config.refuseAll) {
      const status = typeof config.refuseAll === 'number' ? config.refuseAll : 503;
      return { status, body: status === 429 ? 'Too Many Requests' : 'Service Unavailable (simulated refusal)' };
    }
    if (kind !== 'chart' && kind !== 'quote') return null;
    const index = this.dataRequests++;
    const burst = config.burst429;
    if (burst && index >= burst.after && index < burst.after + burst.count) {
      return { status: 429, body: 'Too Many Requests', headers: retryAfterHeader(burst, this.now()) };
    }
    const request = `${kind} ${symbols.join(',')}`;
    const asked = this.askedBefore.get(request) ?? 0;
    this.askedBefore.set(request, asked + 1);
    const rate = config.errorRate ?? 0;
    if (rate > 0 && mulberry32(hashString(`${request} ${asked}`, config.seed ?? 1))() < rate) {
      return { status: 500, body: yahooError(kind === 'chart' ? 'chart' : 'finance', 'Internal Server Error', 'simulated transient failure') };
    }
    return null;
  }

  /** Starts counting data requests afresh (the 429 burst and the seeded faults). */
  reset(): void {
    this.dataRequests = 0;
    this.askedBefore = new Map();
  }
}
