/**
 * `thread-stream` for the Lambda bundles: pino loads it (with its worker-thread plumbing) for
 * `pino.transport()`, which tradebot never calls: every function logs JSON lines to stdout, where
 * Lambda sends them to CloudWatch. A transport configured by mistake fails at once, saying why.
 */
export default class ThreadStream {
  constructor() {
    throw new Error('pino transports are not bundled in the Lambda functions: log to stdout (pino with no transport), as the handlers do');
  }
}
