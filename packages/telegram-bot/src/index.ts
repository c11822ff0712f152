// Public surface of @tradebot/telegram-bot. Filled in by its issue.
export {};
