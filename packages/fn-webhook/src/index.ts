// Public surface of @tradebot/fn-webhook. Filled in by its issue.
export {};
