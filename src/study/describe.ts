/**
 * A study as a user wants to see it: status, trials by state, the best trial
 * (one objective) or the Pareto front (several), and the workers seen with
 * their last heartbeat.
 */
import type { ExperimentStore, StudyRow, StudyTrialRow } from '../store/store.js';
import { type Objective, oriented } from './objectives.js';
import { paretoFront } from './pareto.js';

export interface StudyReport {
  study: string;
  status: StudyRow['status'];
  objectives: string[];
  config: Record<string, unknown>;
  trials: { completed: number; running: number; failed: number; pruned: number; waiting: number };
  /** One objective: the best completed trial; several: null (see front). */
  best: TrialBrief | null;
  front: TrialBrief[];
  workers: { worker: string; trials: number; lastHeartbeat: string }[];
}

export interface TrialBrief { number: number; params: unknown; values: number[]; attrs: Record<string, unknown> }

const brief = (t: StudyTrialRow): TrialBrief => ({ number: t.number, params: t.params, values: t.values!, attrs: t.attrs });

export async function describeStudy(store: ExperimentStore, name: string): Promise<StudyReport> {
  const row = await store.getStudy(name);
  if (!row) {
    const names = (await store.listStudies()).map((s) => s.name);
    throw new Error(`no study "${name}" in ${store.url}; ${names.length ? `studies there: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}` : 'it has no studies'} (see topiary study list)`);
  }
  const trials = await store.listTrials(row.id);
  const objectives = row.objectives as Objective[];
  const count = (s: StudyTrialRow['state']) => trials.filter((t) => t.state === s).length;
  const done = trials.filter((t) => t.state === 'completed' && t.values && t.values.every(Number.isFinite));
  const front = objectives.length > 1 ? paretoFront(objectives, done.map((t) => t.values!)).map((i) => brief(done[i])) : [];
  const best = objectives.length === 1 && done.length
    ? brief(done.reduce((a, b) => (oriented(objectives, b.values!)[0] > oriented(objectives, a.values!)[0] ? b : a)))
    : null;
  const workers = new Map<string, { trials: number; lastHeartbeat: string }>();
  for (const t of trials) {
    if (!t.worker) continue;
    const w = workers.get(t.worker) ?? { trials: 0, lastHeartbeat: t.heartbeatAt };
    w.trials++;
    if (t.heartbeatAt > w.lastHeartbeat) w.lastHeartbeat = t.heartbeatAt;
    workers.set(t.worker, w);
  }
  return {
    study: row.name, status: row.status, objectives: objectives.map((o) => `${o.name}:${o.direction}`), config: row.config,
    trials: { completed: count('completed'), running: count('running'), failed: count('failed'), pruned: count('pruned'), waiting: count('waiting') },
    best, front, workers: [...workers].map(([worker, w]) => ({ worker, ...w })),
  };
}
