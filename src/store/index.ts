export type { ExperimentStore, RunRow, RunDetail, RunStatus } from './store.js';
export { SqliteStore, SCHEMA_VERSION } from './sqlite.js';
