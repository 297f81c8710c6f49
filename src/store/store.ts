/**
 * The experiment store: runs (experiments, status, heartbeat, per-epoch
 * metrics, artifacts) and studies (named sets of trials with objectives,
 * intermediate values, leases and heartbeats). Asynchronous, so that a store
 * on another machine (a database server) fits the same interface; opened by
 * URL through `openStore`. Every backend passes one conformance suite.
 */

export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export interface RunRow {
  id: number;
  experiment: string;
  kind: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string;
  params: Record<string, unknown>;
  summary: Record<string, unknown> | null;
  error: string | null;
  /** The process that runs it (host:pid:tag); null for runs recorded before this was kept. */
  worker: string | null;
}

export interface RunDetail extends RunRow {
  metrics: { epoch: number; name: string; value: number }[];
  artifacts: { kind: string; path: string }[];
}

export type Direction = 'max' | 'min';
export type StudyStatus = 'running' | 'completed' | 'failed';

export interface StudyRow {
  id: number;
  name: string;
  objectives: { name: string; direction: Direction }[];
  /** What the study searches and how (strategy, space, seed, …): checked when a study is joined or resumed. */
  config: Record<string, unknown>;
  status: StudyStatus;
  createdAt: string;
  finishedAt: string | null;
  summary: Record<string, unknown> | null;
}

/** waiting: enqueued, not yet claimed; running: leased by a worker; the rest are final. */
export type TrialState = 'waiting' | 'running' | 'completed' | 'failed' | 'pruned';

export interface StudyTrialRow {
  id: number;
  studyId: number;
  /** 0, 1, 2, … in the order trials were created within the study. */
  number: number;
  state: TrialState;
  /** The architecture or genotype (any JSON value). */
  params: unknown;
  /** The identity of params in its space (e.g. a canonical architecture hash): equal keys are the same architecture. */
  paramsKey: string;
  /** Objective values in the study's objective order, once completed (pruned: the last reported). */
  values: number[] | null;
  /** Every metric of the final result (and anything else worth keeping: test score, model path, …). */
  attrs: Record<string, unknown>;
  /** Intermediate results, by step (epoch, fidelity), in report order. */
  intermediate: { step: number; metrics: Record<string, number> }[];
  worker: string | null;
  startedAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  error: string | null;
  /** Order in which trials of the study finished (1, 2, …; null while not finished): what workers sync on. */
  finishSeq: number | null;
}

/** The outcome of claiming a new trial for an architecture: the trial, or why not. */
export type NewTrialClaim = { trial: StudyTrialRow } | { taken: true } | { full: true };

export interface ExperimentStore {
  /** The URL it was opened with (for messages). */
  readonly url: string;
  /** Whether what is written outlives the process (false for the in-memory store): sharing, resuming and workers need it. */
  readonly persistent: boolean;

  createRun(experiment: string, kind: string, params: Record<string, unknown>): Promise<number>;
  heartbeat(runId: number): Promise<void>;
  logEpoch(runId: number, epoch: number, metrics: Record<string, number>): Promise<void>;
  addArtifact(runId: number, kind: string, path: string): Promise<void>;
  finishRun(runId: number, status: Exclude<RunStatus, 'running'>, summary?: Record<string, unknown>, error?: string): Promise<void>;
  /** Marks a finished or interrupted run as running again (resume). */
  reopenRun(runId: number): Promise<void>;
  listRuns(opts?: { experiment?: string; limit?: number }): Promise<RunRow[]>;
  getRun(id: number): Promise<RunDetail | null>;

  /** The study of that name, created if missing (objectives and config are kept from its creation). */
  createStudy(name: string, objectives: StudyRow['objectives'], config: Record<string, unknown>): Promise<StudyRow>;
  getStudy(name: string): Promise<StudyRow | null>;
  listStudies(): Promise<StudyRow[]>;
  setStudyStatus(studyId: number, status: StudyStatus, summary?: Record<string, unknown>): Promise<void>;
  /** A new trial, running and leased to `worker`, numbered after every trial of the study. */
  createTrial(studyId: number, params: unknown, paramsKey: string, worker: string): Promise<StudyTrialRow>;
  /**
   * Atomically: unless a trial of the study with this key exists that has not failed (→ taken), and unless the
   * study already has `budget` trials that have not failed (→ full), a new running trial for `worker`.
   */
  claimNewTrial(studyId: number, params: unknown, paramsKey: string, worker: string, budget: number): Promise<NewTrialClaim>;
  /** A waiting trial (e.g. one handed back by a dead worker), now running for `worker`; null when none waits. */
  claimWaitingTrial(studyId: number, worker: string): Promise<StudyTrialRow | null>;
  /** Queues an architecture as a waiting trial (to be claimed by any worker). */
  enqueueTrial(studyId: number, params: unknown, paramsKey: string): Promise<StudyTrialRow>;
  reportIntermediate(trialId: number, step: number, metrics: Record<string, number>): Promise<void>;
  /** Renews the trial's lease; false when the trial is no longer running (its lease was taken away). */
  heartbeatTrial(trialId: number): Promise<boolean>;
  /**
   * Finishes a trial and gives it the study's next finish number. With `lease`, only while the trial is still
   * running for that worker; false when it was not (its lease was taken away: the result is not stored).
   */
  finishTrial(trialId: number, state: 'completed' | 'failed' | 'pruned', values: number[] | null, attrs: Record<string, unknown>, error?: string, lease?: string): Promise<boolean>;
  getTrial(trialId: number): Promise<StudyTrialRow | null>;
  /** Trials by number; `afterId`: only those created after that trial id; `finishedAfter`: only those with a larger finish number, by finish order. */
  listTrials(studyId: number, opts?: { states?: TrialState[]; afterId?: number; finishedAfter?: number }): Promise<StudyTrialRow[]>;
  /**
   * Marks failed every running trial of the study whose heartbeat is older than
   * `heartbeatBefore` or whose worker is in `deadWorkers`; returns their ids.
   */
  failStaleTrials(studyId: number, opts: { heartbeatBefore: string; deadWorkers?: string[] }): Promise<number[]>;

  close(): Promise<void>;
}

export const nowIso = (): string => new Date().toISOString();
