/**
 * The worker-thread side of a trial pool: one job at a time, single-threaded
 * kernels unless a job asks for more. After every epoch the job reports to the
 * main thread and waits for the verdict (go on or stop: the pruner runs in the
 * main thread, where the study is) on a shared flag, so no epoch is trained
 * past a stop. Datasets the pool shares are registered in memory, by name.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setThreads } from '../core/backend.js';
import type { Dataset } from '../data/dataset.js';
import { registerDataset } from '../data/in-memory.js';
import { type EpochMetrics, VERDICT, type WorkerReply, type WorkerRequest } from './job-messages.js';

/** Called after every epoch; 'stop' means the main thread wants the job to end there. */
export type JobReport = (epoch: number, metrics: EpochMetrics) => 'stop' | undefined;

/**
 * Serves the pool's jobs with `run`. A job that uses more than one kernel thread must be the only job
 * running: the kernels' thread count is one setting for the whole process.
 */
export function serveJobs<T, O>(run: (task: T, report: JobReport) => O, threadsOf: (task: T) => number = () => 1): void {
  const given = workerData as { verdict: SharedArrayBuffer; datasets: Dataset[] };
  const verdict = new Int32Array(given.verdict);
  for (const d of given.datasets) registerDataset(d);
  parentPort!.on('message', ({ id, task }: WorkerRequest<T>) => {
    try {
      setThreads(threadsOf(task));
      const outcome = run(task, (epoch, metrics) => {
        Atomics.store(verdict, 0, VERDICT.waiting);
        parentPort!.postMessage({ id, kind: 'epoch', epoch, metrics } satisfies WorkerReply<O>);
        Atomics.wait(verdict, 0, VERDICT.waiting);
        return Atomics.load(verdict, 0) === VERDICT.stop ? 'stop' : undefined;
      });
      parentPort!.postMessage({ id, kind: 'done', outcome } satisfies WorkerReply<O>);
    } catch (e) {
      parentPort!.postMessage({ id, kind: 'failed', error: (e as Error).message } satisfies WorkerReply<O>);
    }
  });
}
