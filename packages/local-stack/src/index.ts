// Public surface of @tradebot/local-stack. Filled in by its issue.
export {};
