// Public surface of @tradebot/local-stack.
export * from './aws';
export * from './anthropic';
export * from './telegram';
export * from './yahoo';
export * from './lambda';
