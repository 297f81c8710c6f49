/**
 * A worker: joins a study that `topiary search … --workers 0` created in a
 * shared store and evaluates its trials until the study's budget is spent,
 * alongside any number of other workers (see SharedStudy). Everything needed
 * to evaluate — strategy, seed, space or table, data, epochs, pruner — comes
 * from the study's settings in the store.
 */
import { basename, dirname, join } from 'node:path';
import { Rng } from '../core/random.js';
import { resolveDataDir } from '../data/data-dir.js';
import type { ExperimentStore } from '../store/store.js';
import type { Objective } from '../study/objectives.js';
import { prunerForSteps } from '../study/pruners/index.js';
import { type RunTrial, runStudy } from '../study/run-study.js';
import { SharedStudy } from '../study/shared-study.js';
import type { SearchSpace } from '../study/space.js';
import type { Scalarization } from '../study/fitness.js';
import { type FidelityColumns, loadTabularFidelities } from './benchmark.js';
import { NB201_SPACE, strategyEntry } from './registry.js';
import { type SpaceOptions, trainableSpace } from './spaces/index.js';
import type { Tuning } from './spaces/tuned.js';
import { withPredictorFilter } from './predictor-filter.js';
import { tabularEvaluator } from './tabular-evaluator.js';
import { trainedEvaluator } from './trained-evaluator.js';
import { TrialPool } from './trial-pool.js';

export interface WorkerOptions {
  store: ExperimentStore;
  study: string;
  /** Trials evaluated at once by this worker (training threads). */
  concurrency?: number;
  /** This machine's data directory, where the study's datasets (or NB201 tables) are. */
  dataDir?: string;
  staleAfterSeconds?: number;
  pollSeconds?: number;
  log?: (line: string) => void;
}

export interface WorkerResult { study: string; worker: string; trials: RunTrial<unknown>[] }

export async function runWorker(o: WorkerOptions): Promise<WorkerResult> {
  const row = await o.store.getStudy(o.study);
  if (!row) throw new Error(`no study "${o.study}" in ${o.store.url}; create it with topiary search … --storage URL --study NAME --workers 0 (see topiary study list)`);
  const c = row.config;
  if (typeof c.budget !== 'number' || typeof c.strategy !== 'string' || typeof c.seed !== 'number') {
    throw new Error(`study "${o.study}" in ${o.store.url} was not created for workers (no budget, strategy or seed in its settings); create one with topiary search … --workers 0`);
  }
  const concurrency = o.concurrency ?? 1;
  const trained = typeof c.space === 'string';
  let space: SearchSpace<unknown>, steps: number[], pool: TrialPool | null = null;
  let evaluate: Parameters<typeof runStudy<unknown>>[0]['evaluate'];
  if (trained) {
    const tune = c.tune as Tuning[] | undefined;
    const ts = trainableSpace(c.space as string, `study "${o.study}" space`, c.spaceOptions as SpaceOptions | undefined, tune);
    space = ts.search;
    const task = { dataset: String(c.dataset), dataDir: o.dataDir ?? (c.dataDir as string | undefined), epochs: Number(c.epochs), batchSize: Number(c.batchSize),
      lr: Number(c.lr), maxTrain: c.maxTrain as number | undefined, space: ts.name, seed: c.seed, ...(tune ? { tune } : {}) };
    steps = Array.from({ length: task.epochs }, (_, i) => i + 1);
    pool = new TrialPool(concurrency);
    const patience = typeof c.patience === 'number' ? { patience: c.patience } : {};
    // Trials that start from earlier trials' weights find them in the study's folder of trial weights (shared by every worker).
    evaluate = trainedEvaluator(pool, { ...task, ...patience }, c.trialWeights as string | undefined, ts.lineage?.bind(ts));
  } else {
    const spec = (c.table ?? []) as FidelityColumns[];
    if (spec.length === 0) throw new Error(`study "${o.study}": its settings name no table; create it again with topiary search … --workers 0`);
    // Another machine keeps the NB201 tables in its own data directory.
    const here = c.benchmark === 'nb201-cifar10' && o.dataDir ? spec.map((f) => ({ ...f, file: join(resolveDataDir(o.dataDir), basename(dirname(f.file)), basename(f.file)) })) : spec;
    const bench = loadTabularFidelities(String(c.benchmark), here);
    space = NB201_SPACE as SearchSpace<unknown>;
    steps = [...bench.steps];
    evaluate = tabularEvaluator(bench, space);
  }
  const pruner = prunerForSteps(c.pruner as string | undefined, steps, Number(c.eta ?? 3));
  const objectives = row.objectives as Objective[];
  const shared = new SharedStudy({
    store: o.store, row, space, budget: c.budget, pruner, scalarization: c.scalarization as Scalarization | undefined, log: o.log,
    staleAfterSeconds: o.staleAfterSeconds, pollSeconds: o.pollSeconds,
    strategy: withPredictorFilter(strategyEntry(c.strategy, `study "${o.study}" strategy`, c.strategyOptions as Record<string, unknown> | undefined), c.predictorFilter).create({ space, rng: new Rng(c.seed), objectives }),
  });
  try {
    const trials = await runStudy({ study: shared, evaluate, budget: { trials: c.budget }, concurrency, mode: 'async', onTrial: (t) => o.log?.(
      `trial ${t.number}  ${t.arch}  ${t.state}${t.values ? `  ${objectives.map((ob, i) => `${ob.name} ${t.values![i].toFixed(4)}`).join('  ')}` : t.error ? `: ${t.error}` : ''}`) });
    // The last worker out marks the study completed: its budget is spent and no trial is left open.
    const all = await o.store.listTrials(row.id);
    if (all.filter((t) => t.state !== 'failed').length >= c.budget && !all.some((t) => t.state === 'running' || t.state === 'waiting')) await o.store.setStudyStatus(row.id, 'completed');
    return { study: row.name, worker: shared.worker, trials };
  } finally {
    await pool?.close();
  }
}
