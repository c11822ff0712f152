export * from './simulated-series';
export * from './server';
export * from './fetch';
