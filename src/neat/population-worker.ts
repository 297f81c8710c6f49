/** A worker thread of `workerScorer`: scores chunks of genomes, keeping the task it built for each spec. */
import { serveJobs } from '../parallel/serve-jobs.js';
import { type ScoreJob, scoreInThread } from './population-scorer.js';
import { makeTask } from './tasks/index.js';
import type { GenomeTask } from './tasks/task.js';

const tasks = new Map<string, GenomeTask>();

serveJobs<ScoreJob, number[][]>((job) => {
  const key = JSON.stringify(job.spec);
  if (!tasks.has(key)) tasks.set(key, makeTask(job.spec));
  return scoreInThread(tasks.get(key)!, job.genomes, job.weights, job.evalSeed);
});
