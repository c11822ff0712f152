/**
 * Runs a packaged Lambda function once, in a fresh instance, on this machine: the events in order
 * in one process (the first is the cold invocation), then the process ends. Use it to test and time
 * the built packages (`scripts/tests/package.test.ts`, `bench/package.bench.ts`); it loads nothing
 * from the workspace. For warm instances, timeouts and concurrency, use `createLocalFunction`.
 */
import { LambdaRunError, startLambdaInstance, type LambdaConfiguration, type LambdaInvocation } from './instance';

/** What to run. */
export interface LambdaRunOptions extends LambdaConfiguration {
  /** Events, invoked in order in the same process (the first is the cold invocation). */
  readonly events: readonly unknown[];
}

/** What the process reported. */
export interface LambdaRunResult {
  /** Time to `require()` the handler module (the init phase), in ms. */
  readonly loadMs: number;
  readonly invocations: readonly LambdaInvocation[];
  /** The function's logs. */
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Loads the package in a fresh `node` with a Lambda-like environment (`lambdaEnvironment`) and
 * invokes the handler with each event. Resolves with the load time and each invocation's result
 * or error; rejects with `LambdaRunError` when the module does not load.
 */
export async function runLambdaInFreshNode(options: LambdaRunOptions): Promise<LambdaRunResult> {
  const instance = startLambdaInstance(options);
  try {
    await instance.ready;
    const invocations: LambdaInvocation[] = [];
    for (const event of options.events) invocations.push(await instance.invoke(event));
    return { loadMs: instance.initMs(), invocations, stdout: instance.stdout(), stderr: instance.stderr() };
  } finally {
    await instance.stop();
  }
}

export { LambdaRunError };
