/**
 * @tradebot/core-domain: the pure heart of tradebot. No I/O, no clock, no environment;
 * time comes in as an argument or a `Clock`. Adapters implement the ports declared here.
 */
export * from './result';
export * from './lazily';
export * from './decimal';
export * from './money';
export * from './text';
export * from './dates';
export * from './errors';
export * from './error-messages';
export * from './types/trading';
export * from './types/scan';
export * from './types/daily-log';
export * from './types/commands';
export * from './ledger';
export * from './rules';
export * from './ports';
export * from './documents';
export * from './commands/tickers';
export * from './commands/catalogue';
export * from './commands/parse';
export * from './commands/talk';
export * from './valuation';
export * from './alerts';
export * from './price-alerts';
export * from './daily';
export * from './stats';
export * from './drawdown';
export * from './charts';
export * from './fx';
export * from './xirr';
export * from './price-series';
export * from './returns';
export * from './notifications';
export * from './lessons';
export * from './compact-history';
