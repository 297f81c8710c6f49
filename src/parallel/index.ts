export { JobPool, type PoolOptions, type EpochVerdict } from './job-pool.js';
export { serveJobs, type JobReport } from './serve-jobs.js';
export { type EpochMetrics } from './job-messages.js';
