/** Messages between the trial pool and its worker threads. */

/** What a job reports after each epoch (a trial: validation score, parameters and seconds so far). */
export type EpochMetrics = { valid: number; params: number; seconds: number };

export type WorkerRequest<T> = { id: number; task: T };
export type WorkerReply<O> =
  | { id: number; kind: 'epoch'; epoch: number; metrics: EpochMetrics }
  | { id: number; kind: 'done'; outcome: O }
  | { id: number; kind: 'failed'; error: string };

/** Values of the shared verdict flag a worker waits on after each epoch. */
export const VERDICT = { waiting: 0, goOn: 1, stop: 2 } as const;
