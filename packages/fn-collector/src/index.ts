// Public surface of @tradebot/fn-collector: the Lambda entry (tsup bundles this file).
export { handler } from './handler';
