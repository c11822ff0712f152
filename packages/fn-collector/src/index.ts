// Public surface of @tradebot/fn-collector. Filled in by its issue.
export {};
