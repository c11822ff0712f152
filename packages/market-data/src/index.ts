/**
 * @tradebot/market-data: Yahoo price feed (yahoo-finance2 behind retry/breaker/bulkhead/timeout),
 * the Russell 1000 universe, the incremental price-history update and the drawdown scan engine.
 * Storage-agnostic: caches and scan output go through core-domain ports.
 */
export * from './errors';
export * from './calendar';
export * from './universe';
export * from './rate-limit';
export * from './yahoo-feed';
export * from './yahoo-origin';
export { yahooLogLevel } from './yahoo-client';
export * from './history';
export * from './closing-prices';
export * from './scan';
export * from './scheduled-scan';
export * from './http-fetch';
