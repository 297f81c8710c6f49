/**
 * What the dashboard's server sends its page, as JSON. The page imports these
 * types only, so server and page cannot drift apart silently.
 */
import type { ArchDrawing } from '../arch/drawing.js';
import type { Direction, RunStatus, StudyStatus, TrialState } from '../store/store.js';

export interface Totals { studies: number; runs: number; trials: number }

/** "live": running with a heartbeat in the last few minutes; "stale": says running, but nothing has been heard of it for long. */
export type Liveness = 'live' | 'stale' | 'finished';

export interface StudyHeader {
  id: number;
  name: string;
  status: StudyStatus;
  liveness: Liveness;
  createdAt: string;
  finishedAt: string | null;
  /** The strategy that proposes its trials (regularized-evolution, random, …), when the study says. */
  strategy: string | null;
  /** What its trials evaluate: a space trained for real (mlp-stack, nb201, …) or a table-lookup benchmark. */
  source: string;
  objectives: { name: string; direction: Direction }[];
}

export interface StudyItem extends StudyHeader {
  trials: Record<TrialState, number>;
  /** The best value of the first objective over completed trials. */
  best: number | null;
}

export interface RunItem {
  id: number;
  experiment: string;
  kind: string;
  status: RunStatus | 'stale';
  liveness: Liveness;
  startedAt: string;
  finishedAt: string | null;
  /** The run's main result in words (test accuracy, R², …), empty while it has none. */
  headline: string;
}

export interface Overview { store: string; totals: Totals; studies: StudyItem[]; runs: RunItem[] }

export interface TrialItem {
  number: number;
  state: TrialState;
  values: number[] | null;
  /** The architecture as text (a cell string, a layer list). */
  arch: string;
  /** Flat features of the architecture (one per decision) for parallel coordinates; null where the space cannot say. */
  features: Record<string, string | number> | null;
  startedAt: string;
  finishedAt: string | null;
  finishSeq: number | null;
  worker: string | null;
  error: string | null;
  /** Intermediate values of the first objective, as [step, value] pairs. */
  curve: [number, number][];
  /** What a model-based strategy (BANANAS) predicted for the first objective before the trial ran; null when none did. */
  predicted: number | null;
  /** DeepSwarm: the pheromone table the ant walked on (kept after each global update only), by "depth choice"; null on other trials. */
  pheromone: Record<string, number> | null;
  /** DeepSwarm: the round the ant belongs to; null for other strategies. */
  round: number | null;
}

/** A study page's data: everything on the first request (since = 0), afterwards only what changed. */
export interface StudyPayload {
  /** The study (its trial counts are the page's to keep, from the trials it holds). */
  study: StudyHeader & { config: Record<string, unknown> };
  /** Trials finished after `since`, and every trial still waiting or running. */
  trials: TrialItem[];
  /** The largest finish number sent so far: the `since` of the next request. */
  cursor: number;
}

export interface FileLink { label: string; url: string }

export interface TrialDetail extends Pick<TrialItem, 'number' | 'state' | 'values' | 'arch'> {
  drawing: ArchDrawing | null;
  attrs: Record<string, unknown>;
  intermediate: { step: number; metrics: Record<string, number> }[];
  error: string | null;
  files: FileLink[];
}

export interface RunPayload {
  run: RunItem & { params: Record<string, unknown>; summary: Record<string, unknown> | null; error: string | null; worker: string | null };
  /** Per-epoch metrics, one series per metric name, in epoch order. */
  series: { name: string; epochs: number[]; values: number[] }[];
  files: FileLink[];
}
