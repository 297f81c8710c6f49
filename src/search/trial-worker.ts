/**
 * Worker-thread entry for parallel trials: one trial at a time, single-threaded
 * kernels. After every epoch it reports to the main thread and waits for the
 * verdict (go on or stop: the pruner runs in the main thread, where the study
 * is) on a shared flag, so no epoch is trained past a stop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setThreads } from '../core/backend.js';
import { trainTrial } from './train-trial.js';
import { VERDICT, type WorkerReply, type WorkerRequest } from './trial-messages.js';

setThreads(1);
const verdict = new Int32Array((workerData as { verdict: SharedArrayBuffer }).verdict);
parentPort!.on('message', ({ id, task }: WorkerRequest) => {
  try {
    const outcome = trainTrial(task, (epoch, metrics) => {
      Atomics.store(verdict, 0, VERDICT.waiting);
      parentPort!.postMessage({ id, kind: 'epoch', epoch, metrics } satisfies WorkerReply);
      Atomics.wait(verdict, 0, VERDICT.waiting);
      return Atomics.load(verdict, 0) === VERDICT.stop ? 'stop' : undefined;
    });
    parentPort!.postMessage({ id, kind: 'done', outcome } satisfies WorkerReply);
  } catch (e) {
    parentPort!.postMessage({ id, kind: 'failed', error: (e as Error).message } satisfies WorkerReply);
  }
});
