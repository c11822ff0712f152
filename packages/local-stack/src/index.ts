// Public surface of @tradebot/local-stack.
export * from './aws';
export * from './anthropic';
export * from './telegram';
export * from './yahoo';
export * from './local-data';
export { parseCli, printUsageOutcome, runCli, processIo, type CliDefinition, type CliIo, type CliOptions, type CliParse, type RawCliParse } from './cli';
export * from './lambda';
export * from './http/recording-server';
