/** Worker-thread entry for parallel trials: one trial at a time, single-threaded kernels, a heartbeat per epoch. */
import { parentPort } from 'node:worker_threads';
import { setThreads } from '../core/backend.js';
import { type TrialTask, trainTrial } from './train-trial.js';

export type WorkerRequest = { id: number; task: TrialTask };
export type WorkerReply =
  | { id: number; kind: 'heartbeat'; epoch: number; valid: number }
  | { id: number; kind: 'done'; outcome: ReturnType<typeof trainTrial> }
  | { id: number; kind: 'failed'; error: string };

setThreads(1);
parentPort!.on('message', ({ id, task }: WorkerRequest) => {
  try {
    const outcome = trainTrial(task, (epoch, valid) => parentPort!.postMessage({ id, kind: 'heartbeat', epoch, valid } satisfies WorkerReply));
    parentPort!.postMessage({ id, kind: 'done', outcome } satisfies WorkerReply);
  } catch (e) {
    parentPort!.postMessage({ id, kind: 'failed', error: (e as Error).message } satisfies WorkerReply);
  }
});
