/**
 * The Telegram update types the bot handles: `message` (text commands, and anything else sent to
 * the chat, which gets a pointer to /help) and `callback_query` (the re-arm button of a fired price alert). Use it as `allowed_updates` in `setWebhook` and
 * `getUpdates`, so Telegram does not deliver (and bill a Lambda invocation for) updates the bot
 * would ignore, such as edited messages or channel posts. Add a type here when `createBot` starts
 * handling it.
 */
export const HANDLED_UPDATE_TYPES = ['message', 'callback_query'] as const;
