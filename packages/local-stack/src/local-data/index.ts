/** The local data directory shared by `pnpm start`, `scan`, `daily` and `import-trades`. */
export { resolveDataDir, prepareDataDir, clearDataDir, AWS_SUBDIRECTORY, DATA_DIR_MARKER, STACK_FILE, UPDATE_ID_FILE, START_LOG_FILE, type DataDirCheck } from './data-dir';
export { claimStack, readStackRecord, processAlive, type StackClaim, type StackRecord, type StackEndpoints } from './stack-file';
export { openLocalData, type LocalData, type LocalDataOptions } from './open';
export { openLocalCommand } from './command';
