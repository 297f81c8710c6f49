/** Messages between the trial pool and its worker threads. */
import type { TrialOutcome, TrialTask } from './train-trial.js';

export type WorkerRequest = { id: number; task: TrialTask };
export type WorkerReply =
  | { id: number; kind: 'epoch'; epoch: number; metrics: { valid: number; params: number; seconds: number } }
  | { id: number; kind: 'done'; outcome: TrialOutcome }
  | { id: number; kind: 'failed'; error: string };

/** Values of the shared verdict flag a worker waits on after each epoch. */
export const VERDICT = { waiting: 0, goOn: 1, stop: 2 } as const;
