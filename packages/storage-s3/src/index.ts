// Public surface of @tradebot/storage-s3. Filled in by its issue.
export {};
