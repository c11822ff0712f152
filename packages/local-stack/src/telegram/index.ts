/** The Telegram Bot API stand-in and helpers to build what Telegram sends. */
export * from './html';
export * from './server';
export * from './updates';
export * from './reply-watch';
