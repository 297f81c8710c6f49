export type { ExperimentStore, RunRow, RunDetail, RunStatus, TrialRow } from './store.js';
export { SqliteStore, SCHEMA_VERSION } from './sqlite.js';
