// Public surface of @tradebot/storage-dynamodb. Filled in by its issue.
export {};
