/** The experiment store interface: experiments, runs with status and heartbeat, parameters, per-epoch metrics, artifacts. */

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
}

export interface RunDetail extends RunRow {
  metrics: { epoch: number; name: string; value: number }[];
  artifacts: { kind: string; path: string }[];
}

/** One evaluation of a search: its architecture, status and heartbeat, and its result once finished. */
export interface TrialRow {
  trial: number;
  arch: string;
  archHash: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
}

export interface ExperimentStore {
  createRun(experiment: string, kind: string, params: Record<string, unknown>): number;
  heartbeat(runId: number): void;
  logEpoch(runId: number, epoch: number, metrics: Record<string, number>): void;
  addArtifact(runId: number, kind: string, path: string): void;
  finishRun(runId: number, status: Exclude<RunStatus, 'running'>, summary?: Record<string, unknown>, error?: string): void;
  listRuns(opts?: { experiment?: string; limit?: number }): RunRow[];
  getRun(id: number): RunDetail | null;
  startTrial(runId: number, trial: number, arch: string, archHash: string): void;
  trialHeartbeat(runId: number, trial: number): void;
  finishTrial(runId: number, trial: number, status: 'completed' | 'failed', result: Record<string, unknown> | null, error?: string): void;
  listTrials(runId: number): TrialRow[];
  reopenRun(runId: number): void;
  batch<T>(fn: () => T): T;
  close(): void;
}
