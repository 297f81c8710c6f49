/** Worker-thread entry for parallel trials: one `trainTrial` per job. */
import { serveJobs } from '../parallel/serve-jobs.js';
import { trainTrial } from './train-trial.js';

serveJobs(trainTrial);
