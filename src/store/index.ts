export type { ExperimentStore, RunRow, RunDetail, RunStatus, StudyRow, StudyStatus, StudyTrialRow, TrialState } from './store.js';
export { SqliteStore, SCHEMA_VERSION } from './sqlite.js';
export { MemoryStore } from './memory.js';
export { openStore, DEFAULT_STORE_URL, STORE_SCHEMES } from './open.js';
export { settleDeadRuns } from './settle.js';
export { WORKER_ID, isDeadLocalWorker } from './process-id.js';
export { recordRun, recordedCall, type EpochRecorder, type RecordedOutcome, type RunOptions } from './record-run.js';
