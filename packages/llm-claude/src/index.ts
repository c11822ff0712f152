// Public surface of @tradebot/llm-claude. Filled in by its issue.
export {};
