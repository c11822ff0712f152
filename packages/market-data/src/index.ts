// Public surface of @tradebot/market-data. Filled in by its issue.
export {};
