/**
 * A packaged function run locally the way Lambda scales it: an invocation goes to an idle warm
 * instance when there is one, else a new instance is started for it (a cold start), unless the
 * function's reserved concurrency is used up (then it is throttled, as Lambda answers
 * `TooManyRequestsException`); an instance killed by the timeout is gone, so the next invocation
 * starts a fresh one.
 */
import { startLambdaInstance, type InvokeOptions, type LambdaConfiguration, type LambdaInstance, type LambdaInvocation } from './instance';

/** How a local function scales. */
export interface LocalFunctionOptions extends LambdaConfiguration {
  /** At most this many instances run at once; an invocation past it is throttled. Default: no limit. */
  readonly reservedConcurrency?: number;
}

/** A function and its instances. */
export interface LocalLambdaFunction {
  readonly config: LocalFunctionOptions;
  /**
   * Runs the event on an idle warm instance, or on a new one (cold start) when all are busy or gone;
   * throttled (`throttled: true`, nothing run) when `reservedConcurrency` instances are busy.
   */
  invoke(event: unknown, options?: InvokeOptions): Promise<LambdaInvocation>;
  /**
   * Resolves when an instance can take an invocation: at once if one is idle or none runs, else when
   * one of the invocations in flight ends. Use it to retry a throttled invocation without guessing a wait.
   */
  whenIdle(): Promise<void>;
  /** Starts one more instance and waits until its handler is loaded (a provisioned, warm instance). */
  startInstance(): Promise<LambdaInstance>;
  /** Every instance started so far, dead ones included, oldest first. */
  instances(): readonly LambdaInstance[];
  /** Ends every instance (after their queued invocations). */
  stop(): Promise<void>;
}

/** Lambda's answer when the reserved concurrency is used up: nothing ran. */
const throttled = (): LambdaInvocation => ({
  ok: false,
  ms: 0,
  requestId: '',
  instance: 0,
  coldStart: false,
  logs: '',
  timedOut: false,
  throttled: true,
  error: { name: 'TooManyRequestsException', message: 'Rate Exceeded.' },
});

/**
 * Creates a local function from an unpacked package. Nothing starts until the first invocation
 * (or `startInstance`). Use it to run the built zips in tests and benches like Lambda would.
 */
export function createLocalFunction(config: LocalFunctionOptions): LocalLambdaFunction {
  const all: LambdaInstance[] = [];
  const limit = config.reservedConcurrency ?? Infinity;
  const inFlight = new Set<Promise<LambdaInvocation>>();
  const track = (invocation: Promise<LambdaInvocation>): Promise<LambdaInvocation> => {
    inFlight.add(invocation);
    void invocation.finally(() => inFlight.delete(invocation));
    return invocation;
  };
  const start = (): LambdaInstance => {
    const instance = startLambdaInstance(config, all.length + 1);
    all.push(instance);
    return instance;
  };
  return {
    config,
    invoke(event, options) {
      // Chosen synchronously, so concurrent invocations never share an instance.
      const warm = all.find((i) => i.state() === 'idle');
      if (warm) return track(warm.invoke(event, options));
      const running = all.filter((i) => i.state() === 'busy' || i.state() === 'starting').length;
      if (running >= limit) return Promise.resolve(throttled());
      return track(start().invoke(event, options));
    },
    async whenIdle() {
      if (inFlight.size === 0 || all.some((i) => i.state() === 'idle')) return;
      await Promise.race(inFlight);
    },
    async startInstance() {
      const instance = start();
      await instance.ready;
      return instance;
    },
    instances: () => [...all],
    async stop() {
      await Promise.all(all.map((i) => i.stop()));
    },
  };
}
