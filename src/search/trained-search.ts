/**
 * Search by real training: proposals are trained in parallel worker threads,
 * a batch at a time (as many as workers), and told back in proposal order so
 * that a seeded search is reproducible whatever finishes first. Every trial is
 * stored with status and heartbeat; a resumed run answers finished trials
 * from the store, and architectures with the same canonical hash (isomorphic
 * cells) are trained once per run.
 */
import { join } from 'node:path';
import { archOfGenotype, type CellSpace } from '../arch/cell-space.js';
import { archHash } from '../arch/canonical.js';
import { formatCellString } from '../arch/cell-string.js';
import type { ExperimentStore } from '../store/store.js';
import { type SearchResult, type TrialRecord, checkBudget, summarizeTrials } from './run.js';
import type { SearchSpace } from './space.js';
import type { SearchStrategy } from './strategy.js';
import type { TrialPool } from './trial-pool.js';
import type { TrialOutcome, TrialTask } from './train-trial.js';

export interface TrainedSearchOptions {
  strategy: SearchStrategy;
  space: CellSpace;
  task: Omit<TrialTask, 'genotype' | 'space'>;
  budget: number;
  pool: TrialPool;
  /** Folder for each trained trial's model (trial-N.json). */
  modelDir?: string;
  store?: { db: ExperimentStore; runId: number } | null;
  log?: (line: string) => void;
}

/** trained: evaluated now; resumed: finished before the run was stopped; duplicate: same canonical cell as an earlier trial. */
export type TrialSource = 'trained' | 'resumed' | 'duplicate';
export interface TrainedTrial extends TrialRecord { hash: string; params: number; source: TrialSource; model?: string }

export function cellSearchSpace(space: CellSpace): SearchSpace {
  return { name: space.name, choices: space.edges.map(() => space.ops.length), describe: (g) => formatCellString(archOfGenotype(space, g)) };
}

export async function runTrainedSearch(o: TrainedSearchOptions): Promise<SearchResult & { trials: TrainedTrial[] }> {
  checkBudget(o.budget);
  const finished = new Map<string, TrialOutcome>();
  for (const t of o.store?.db.listTrials(o.store.runId) ?? []) {
    if (t.status === 'completed' && t.result && !('duplicateOf' in t.result)) finished.set(t.archHash, t.result as unknown as TrialOutcome);
  }
  const seen = new Map<string, Promise<TrialOutcome>>();
  const trials: TrainedTrial[] = [];
  while (trials.length < o.budget) {
    const batch: number[][] = [];
    while (batch.length < o.pool.size && trials.length + batch.length < o.budget) {
      const g = o.strategy.ask();
      if (g === null) break;
      batch.push(g);
    }
    if (batch.length === 0) break;
    const results = await Promise.all(batch.map(async (g, i): Promise<TrainedTrial> => {
      const graph = archOfGenotype(o.space, g), trial = trials.length + i + 1, arch = formatCellString(graph), hash = archHash(graph);
      let source: TrialSource = 'duplicate';
      if (!seen.has(hash)) {
        const before = finished.get(hash);
        source = before ? 'resumed' : 'trained';
        seen.set(hash, before ? Promise.resolve(before) : train(o, trial, arch, hash, g));
      }
      const outcome = await seen.get(hash)!;
      if (source === 'duplicate' && o.store) {
        o.store.db.startTrial(o.store.runId, trial, arch, hash);
        o.store.db.finishTrial(o.store.runId, trial, 'completed', { ...outcome, duplicateOf: hash });
      }
      const note = { trained: `${outcome.seconds.toFixed(1)}s`, resumed: '(finished before the resume)', duplicate: '(same cell as an earlier trial)' }[source];
      o.log?.(`trial ${String(trial).padStart(3)}  ${arch}  valid ${outcome.valid.toFixed(2)}  test ${outcome.test.toFixed(2)}  ${note}`);
      return { trial, arch, hash, valid: outcome.valid, test: outcome.test, cost: source === 'duplicate' ? 0 : outcome.seconds, params: outcome.params, source, model: outcome.model };
    }));
    results.forEach((r, i) => o.strategy.tell(batch[i], r.valid));
    trials.push(...results);
  }
  return { ...summarizeTrials(o.strategy.name, trials), trials };
}

async function train(o: TrainedSearchOptions, trial: number, arch: string, hash: string, genotype: number[]): Promise<TrialOutcome> {
  const db = o.store?.db, runId = o.store?.runId ?? 0;
  db?.startTrial(runId, trial, arch, hash);
  try {
    const saveTo = o.modelDir ? join(o.modelDir, `trial-${trial}`) : undefined;
    const outcome = await o.pool.run({ ...o.task, space: o.space.name, genotype, saveTo }, () => db?.trialHeartbeat(runId, trial));
    db?.finishTrial(runId, trial, 'completed', { ...outcome });
    return outcome;
  } catch (e) {
    db?.finishTrial(runId, trial, 'failed', null, (e as Error).message);
    throw new Error(`trial ${trial} (${arch}) failed: ${(e as Error).message}`);
  }
}
