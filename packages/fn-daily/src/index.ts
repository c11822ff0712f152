// Public surface of @tradebot/fn-daily. Filled in by its issue.
export {};
