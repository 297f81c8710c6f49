/** Worker-thread entry of autofit's pool: trials, the shrink and the final training (see jobs.ts). */
import { serveJobs } from '../parallel/serve-jobs.js';
import { type AutofitJob, runAutofitJob } from './jobs.js';

serveJobs(runAutofitJob, (job: AutofitJob) => (job.kind === 'trial' ? 1 : job.threads));
