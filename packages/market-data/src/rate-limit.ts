/**
 * Back-pressure for the Yahoo feed. HTTP 429 means "slow down", not "I am down": it pauses every
 * request for as long as the source asks (`Retry-After`), halves the concurrency and grows it back one
 * request at a time as answers come (AIMD, as TCP does), and never counts towards the circuit breaker,
 * which is kept for real outages. A budget of total pause time ends a run that is rate limited for good.
 */
import { RateLimitExhaustedError } from './errors';

/** Tuning of `AdaptiveConcurrency`. */
export interface AdaptiveConcurrencyOptions {
  /** Most requests in flight; also the starting point. */
  readonly max: number;
  /** Pause after a 429 without `Retry-After`: `initialPauseMs` x 2^(n - 1) for the n-th in a row, at most `maxPauseMs`. */
  readonly initialPauseMs: number;
  readonly maxPauseMs: number;
  /** The longest single pause honoured; a longer `Retry-After` is cut to this. */
  readonly maxRetryAfterMs: number;
  /** Total pause time allowed; a pause that would go beyond it halts the limiter for good. */
  readonly budgetMs: number;
  /** Waits (a timer in production; tests record the waits instead). */
  readonly sleep: (ms: number) => Promise<void>;
}

/** What the limiter did so far. */
export interface BackPressureStats {
  /** 429 answers seen. */
  readonly rateLimited: number;
  /** Total time paused because of them, ms. */
  readonly pausedMs: number;
  /** The lowest concurrency it went down to (the maximum when it never had to). */
  readonly lowestConcurrency: number;
}

/** A slot held by one request; give it back with `succeeded`, `rateLimited` or `failed`. */
export interface Slot {
  /** The congestion epoch the request started in (see `rateLimited`). */
  readonly epoch: number;
}

/**
 * A concurrency limit that adapts to the source's 429s. `acquire` waits for a free slot and for any
 * pause to end. A 429 on a request that started in the current epoch starts a pause and halves the
 * limit, once: requests already in flight when that happened were sent before we knew, so their 429s
 * neither pause nor shrink again (one decrease per congestion event, not one per answer).
 */
export class AdaptiveConcurrency {
  private limit: number;
  private inFlight = 0;
  private epoch = 0;
  private successes = 0;
  private paused = false;
  private consecutivePauses = 0;
  private halted: RateLimitExhaustedError | null = null;
  private readonly waiters: { resolve: (slot: Slot) => void; reject: (error: Error) => void }[] = [];
  private stats: { rateLimited: number; pausedMs: number; lowestConcurrency: number };

  constructor(private readonly options: AdaptiveConcurrencyOptions) {
    this.limit = Math.max(1, Math.floor(options.max));
    this.stats = { rateLimited: 0, pausedMs: 0, lowestConcurrency: this.limit };
  }

  /** Resolves with a slot once one is free and no pause is on; rejects for good once the budget is spent. */
  acquire(): Promise<Slot> {
    if (this.halted) return Promise.reject(this.halted);
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.pump();
    });
  }

  /** The request got an answer: additive increase (one more slot after `limit` answers in a row). */
  succeeded(_slot: Slot): void {
    this.inFlight--;
    this.consecutivePauses = 0;
    if (++this.successes >= this.limit) {
      this.successes = 0;
      this.limit = Math.min(this.options.max, this.limit + 1);
    }
    this.pump();
  }

  /** The request failed for another reason (an outage is the breaker's business, not this limiter's). */
  failed(_slot: Slot): void {
    this.inFlight--;
    this.pump();
  }

  /**
   * The request got a 429. `retryAfterMs` is what the source asked for (undefined: it did not say).
   * When the pause it starts would go beyond the budget the limiter halts: every `acquire` rejects.
   */
  rateLimited(slot: Slot, retryAfterMs: number | undefined): void {
    this.inFlight--;
    this.stats.rateLimited++;
    if (slot.epoch === this.epoch && !this.halted) {
      this.epoch++;
      this.successes = 0;
      this.limit = Math.max(1, Math.floor(this.limit / 2));
      this.stats.lowestConcurrency = Math.min(this.stats.lowestConcurrency, this.limit);
      const backoff = Math.min(this.options.maxPauseMs, this.options.initialPauseMs * 2 ** this.consecutivePauses++);
      const pause = Math.min(this.options.maxRetryAfterMs, retryAfterMs ?? backoff);
      if (this.stats.pausedMs + pause > this.options.budgetMs) this.halt();
      else this.pause(pause);
    }
    this.pump();
  }

  /** What happened so far (for logs and the run's result). */
  snapshot(): BackPressureStats {
    return { ...this.stats };
  }

  private pause(ms: number): void {
    this.stats.pausedMs += ms;
    this.paused = true;
    void this.options.sleep(ms).then(() => {
      this.paused = false;
      this.pump();
    });
  }

  private halt(): void {
    this.halted = new RateLimitExhaustedError(this.stats.rateLimited, this.stats.pausedMs);
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.halted);
  }

  private pump(): void {
    while (!this.paused && !this.halted && this.waiters.length > 0 && this.inFlight < this.limit) {
      this.inFlight++;
      this.waiters.shift()!.resolve({ epoch: this.epoch });
    }
  }
}

/**
 * Milliseconds a `Retry-After` header asks to wait (RFC 9110: delay-seconds or an HTTP-date, the
 * latter relative to `now`). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
