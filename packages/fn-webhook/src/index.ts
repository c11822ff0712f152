/**
 * @tradebot/fn-webhook: the Lambda behind `POST /webhook`. `handler` is the entry point; the
 * rest is exported for `pnpm start`, tests and benches, which wire the same app to local servers.
 */
export { handler } from './handler';
