/**
 * A search as the library runs it: every strategy × seed is one study in the
 * store, evaluated by table lookup (tabular benchmarks, optionally at several
 * fidelities) or by training in worker threads; the summary per strategy, and
 * charts. The command line only parses flags into these options.
 */
import { OptionError } from '../core/option-error.js';
import { Rng } from '../core/random.js';
import type { ExperimentStore } from '../store/store.js';
import type { Objective } from '../study/objectives.js';
import { prunerForSteps } from '../study/pruners/index.js';
import { type RunTrial, runStudy } from '../study/run-study.js';
import type { SearchSpace } from '../study/space.js';
import { filteredByEstimate } from '../study/estimate-filter.js';
import { withPredictorFilter } from './predictor-filter.js';
import { type Scalarization, Study, checkSameStudy } from '../study/study.js';
import type { TabularBenchmark } from './benchmark.js';
import { NB201_SPACE, STRATEGIES, strategyEntry } from './registry.js';
import { type FinalTraining, trainFinal } from './final-training.js';
import type { SpaceOptions } from './spaces/index.js';
import { type SeedResult, seedResult, strategySummary } from './search-summary.js';
import { tabularEvaluator } from './tabular-evaluator.js';
import type { TrialTask } from './train-trial.js';
import { trainedEvaluator } from './trained-evaluator.js';
import { TrialPool } from './trial-pool.js';
import type { TrainableSpace } from './trainable-space.js';
import { join } from 'node:path';

export type SearchSource =
  | { kind: 'tabular'; bench: TabularBenchmark }
  | {
    kind: 'trained'; space: TrainableSpace; task: Omit<TrialTask, 'params' | 'saveTo' | 'space' | 'seed'>; workers: number; modelDir?: string;
    /** How the space was made (SpaceOptions), kept in the study's settings so workers make the same. */
    spaceOptions?: SpaceOptions;
  };

export interface RunSearchOptions {
  strategies: string[];
  seeds: number;
  firstSeed?: number;
  source: SearchSource;
  objectives: Objective[];
  /** Wall-clock seconds per seed (with or instead of `budget`): the study stops asking once they are spent. */
  budgetSeconds?: number;
  /** Trials per seed; on a multi-fidelity table, the simulated cost of this many full-fidelity evaluations (at the table's mean cost). */
  budget: number;
  pruner?: string;
  /** Reduction factor of the halving pruners (default 3). */
  eta?: number;
  store: ExperimentStore;
  /** Study name (one strategy and seed), or the prefix of `PREFIX:strategy:seedN`; default `search:LABEL`. */
  study?: string;
  /** Continue studies of the same names; otherwise a taken name gets a #2, #3, … suffix. */
  resume?: boolean;
  scalarization?: Scalarization;
  mode?: 'batch' | 'async';
  /** Hypervolume reference point, in objective order; default: the table's worst values, or the worst seen in this search. */
  reference?: number[];
  log?: (line: string) => void;
  /** Only create the studies (with their budget and everything a worker needs), for `topiary worker` processes to run. */
  createOnly?: boolean;
  /**
   * A zero-cost proxy as the strategies' cheap estimate (proxy-pick needs one); with `filter` > 1 every
   * strategy's proposal is the best of that many by the proxy.
   */
  estimate?: { proxy: string; score: (params: unknown) => number; filter?: number };
  /** > 1: every strategy's proposal is the best of that many by a predictor learned from the finished trials (spaces with an encoding). */
  predictorFilter?: number;
  /** Options of the strategies that take them (DeepSwarm's ants, depth, …); an error when none of the strategies does. */
  strategyOptions?: Record<string, unknown>;
  /** Trained searches: train each seed's best network this many more epochs on all training rows, then save and export it (needs modelDir). */
  finalEpochs?: number;
}

export interface SearchOutcome {
  label: string;
  summaries: Record<string, unknown>[];
  runs: SeedResult[][];
  reference?: number[];
  /** Cost budget per seed when the budget is in simulated cost. */
  costBudget?: number;
  /** With createOnly: the studies created (or found) for workers. */
  created?: string[];
}

export const searchLabel = (s: SearchSource): string => (s.kind === 'tabular' ? s.bench.name : `${s.task.dataset}/${s.space.name}`);

export async function runSearch(o: RunSearchOptions): Promise<SearchOutcome> {
  const log = o.log ?? (() => {});
  const label = searchLabel(o.source);
  const filter = o.estimate?.filter ?? 1;
  const predictorFilter = o.predictorFilter ?? 1;
  const options = o.strategyOptions && Object.keys(o.strategyOptions).length > 0 ? o.strategyOptions : undefined;
  if (options && !o.strategies.some((n) => strategyEntry(n).configure)) {
    const keys = Object.keys(options);
    throw new OptionError(keys, `${keys.length > 1 ? 'are options' : 'is an option'} of ${configurableStrategies().join(', ')}; drop ${keys.length > 1 ? 'them' : 'it'} or pick that strategy (${o.strategies.join(', ')} takes none)`);
  }
  const optionsOf = (n: string) => (strategyEntry(n).configure ? options : undefined);
  const entries = o.strategies.map((n) => {
    const base = strategyEntry(n, 'strategies', optionsOf(n));
    return { name: n, options: optionsOf(n), entry: withPredictorFilter(o.estimate && filter > 1 ? filteredByEstimate(base, filter, o.estimate.proxy) : base, predictorFilter) };
  });
  if (o.finalEpochs !== undefined && (o.source.kind !== 'trained' || !o.source.modelDir)) throw new OptionError('finalEpochs', 'the final training saves and exports the found network: search by training on a dataset, with a folder for models (out)');
  const multiFidelity = o.source.kind === 'tabular' && o.source.bench.steps.length > 1;
  const costBudget = multiFidelity && o.source.kind === 'tabular' ? o.budget * o.source.bench.meanCost : undefined;
  if (o.pruner && o.pruner !== 'none' && o.source.kind === 'tabular' && !multiFidelity) {
    throw new OptionError('pruner', `${o.pruner}: a single-fidelity table has no intermediate results to prune on; give the table's fidelities (e.g. 12,200)`);
  }
  const space: SearchSpace<unknown> = o.source.kind === 'tabular' ? (NB201_SPACE as SearchSpace<unknown>) : o.source.space.search;
  const steps = o.source.kind === 'tabular' ? o.source.bench.steps : Array.from({ length: o.source.task.epochs }, (_, i) => i + 1);
  const tableReference = o.source.kind === 'tabular' ? referenceFromTable(o.source.bench, o.objectives) : undefined;
  if (o.createOnly && costBudget !== undefined) throw new OptionError('workers', '0: workers share a budget of trials; a multi-fidelity table budgets simulated cost (search one fidelity, or run the search here)');
  const pool = o.source.kind === 'trained' && !o.createOnly ? new TrialPool(o.source.workers) : null;
  const created: string[] = [];
  const all: { name: string; pruner: string; seeds: { seed: number; study: string; trials: RunTrial<unknown>[]; final?: FinalTraining }[] }[] = [];
  try {
    for (const { name, entry, options: strategyOptions } of entries) {
      // A strategy made for a pruner (BOHB: hyperband) gets it where trials report intermediate results and none was chosen.
      const prunerName = o.pruner ?? (steps.length > 1 ? entry.defaultPruner : undefined);
      const done: (typeof all)[number] = { name, pruner: prunerName ?? 'none', seeds: [] };
      all.push(done);
      const pruner = prunerForSteps(prunerName, steps, o.eta ?? 3);
      const pruning = pruner ? { pruner: prunerName, eta: o.eta ?? 3 } : {};
      for (let seed = o.firstSeed ?? 0; seed < (o.firstSeed ?? 0) + o.seeds; seed++) {
        const base = o.study && entries.length === 1 && o.seeds === 1 ? o.study : `${o.study ?? `search:${label}`}:${name}:seed${seed}`;
        const studyName = o.resume ? base : await freeStudyName(o.store, base);
        const config: Record<string, unknown> = { strategy: name, seed, ...(strategyOptions ? { strategyOptions } : {}), ...pruning, ...(o.estimate ? { proxy: o.estimate.proxy, proxyFilter: filter } : {}), ...(predictorFilter > 1 ? { predictorFilter } : {}), ...(o.scalarization ? { scalarization: o.scalarization } : {}), ...(o.source.kind === 'trained' ? { space: o.source.space.name, ...(o.source.spaceOptions ? { spaceOptions: o.source.spaceOptions } : {}), ...o.source.task } : { benchmark: label, fidelities: steps }) };
        // Trial weights (children inherit from them): a folder every worker must reach, e.g. on a shared filesystem.
        const trialWeights = o.source.kind === 'trained' && o.source.modelDir ? join(o.source.modelDir, `${name}-seed${seed}`) : undefined;
        if (trialWeights) config.trialWeights = trialWeights;
        if (o.createOnly) {
          const forWorkers = { ...config, budget: o.budget, ...(o.source.kind === 'tabular' ? { table: o.source.bench.spec } : {}) };
          checkSameStudy(await o.store.createStudy(studyName, o.objectives, forWorkers), { store: o.store, objectives: o.objectives, config });
          log(`study ${studyName} is ready for workers: topiary worker --storage URL --study ${studyName}`);
          created.push(studyName);
          continue;
        }
        const study = await Study.open({ store: o.store, name: studyName, objectives: o.objectives, config, space, pruner, scalarization: o.scalarization,
          strategy: entry.create({ space, rng: new Rng(seed), objectives: o.objectives, estimate: o.estimate?.score }) });
        if (study.resumed) log(`${name} seed ${seed}: resuming study ${studyName}${study.staleTrials.length ? ` (${study.staleTrials.length} stale trial(s) marked failed, to run again)` : ''}`);
        const runId = await searchRun(o.store, `search-${label}`, { ...config, budget: o.budget, study: studyName }, o.resume ? studyName : null);
        const evaluate = o.source.kind === 'tabular' ? tabularEvaluator(o.source.bench, space)
          : trainedEvaluator(pool!, { ...o.source.task, space: o.source.space.name, seed }, trialWeights, o.source.space.lineage?.bind(o.source.space));
        // Per-trial rows of the run, written as trials end and awaited before the run is closed.
        const writes: Promise<void>[] = [];
        try {
          const trials = await runStudy({
            study, evaluate, concurrency: pool?.size ?? 1, mode: o.mode,
            budget: { ...(costBudget !== undefined ? { cost: costBudget } : { trials: o.budget }), ...(o.budgetSeconds !== undefined ? { seconds: o.budgetSeconds } : {}) },
            onTrial: (t) => {
              writes.push(o.store.logEpoch(runId, t.seq, t.metrics));
              if (o.source.kind === 'trained') log(trialLine(t));
            },
          });
          await Promise.all(writes);
          const final = o.finalEpochs !== undefined && o.source.kind === 'trained' ? await finalFor(o, pool!, o.source, name, seed, trials, log) : undefined;
          await study.finish('completed');
          await o.store.finishRun(runId, 'completed', { study: studyName, trials: trials.length, ...(final ? { final } : {}) });
          done.seeds.push({ seed, study: studyName, trials, ...(final ? { final } : {}) });
        } catch (e) {
          await Promise.allSettled(writes);
          await study.finish('failed');
          await o.store.finishRun(runId, 'failed', undefined, (e as Error).message);
          throw e;
        }
      }
    }
  } finally {
    await pool?.close();
  }
  if (o.createOnly) return { label, summaries: [], runs: [], created };
  const reference = o.objectives.length > 1 ? (o.reference ?? tableReference ?? worstSeen(o.objectives, all.flatMap((s) => s.seeds.flatMap((x) => x.trials)))) : undefined;
  const runs = all.map((s) => s.seeds.map((x) => ({ ...seedResult(s.name, x.seed, x.study, o.objectives, x.trials, reference), ...(x.final ? { final: x.final } : {}) })));
  const summaries = runs.map((r, k) => ({ ...strategySummary(r, o.objectives, reference), pruner: all[k].pruner, ...(o.source.kind === 'trained' ? { best: r.map((x) => x.best?.arch ?? null) } : {}) }));
  return { label, summaries, runs, reference, costBudget };
}

/** The seed's best completed trial trained longer, saved and exported (none when no trial completed). */
async function finalFor(o: RunSearchOptions, pool: TrialPool, source: Extract<SearchSource, { kind: 'trained' }>, name: string, seed: number, trials: RunTrial<unknown>[],
  log: (line: string) => void): Promise<FinalTraining | undefined> {
  const best = seedResult(name, seed, '', o.objectives, trials).best;
  if (!best) { log(`${name} seed ${seed}: no completed trial to train further`); return undefined; }
  log(`${name} seed ${seed}: training trial ${best.number} (${best.arch}) for ${o.finalEpochs} more epoch(s) on every training row`);
  const { maxTrain: _maxTrain, ...task } = source.task;
  const final = await trainFinal(pool, { ...task, space: source.space.name, seed }, best, o.finalEpochs!, join(source.modelDir!, `final-${name}-seed${seed}`));
  log(`${name} seed ${seed}: final network valid ${final.valid.toFixed(2)}  test ${final.test.toFixed(2)}  (${final.epochs} epochs, ${final.seconds.toFixed(0)} s${final.continued ? ', continued from the trial\'s weights' : ''}); ${final.files.model}, ${final.files.onnx}, ${final.files.tfjs}`);
  return final;
}

function trialLine(t: RunTrial<unknown>): string {
  const note = { evaluated: t.state === 'pruned' ? `pruned after ${t.metrics.epochs} epoch(s)` : t.state === 'failed' ? `failed: ${t.error}` : `${(t.metrics.seconds ?? 0).toFixed(1)}s`,
    resumed: '(finished before the resume)', duplicate: '(same cell as an earlier trial)' }[t.source];
  const test = typeof t.metrics.test === 'number' ? `  test ${t.metrics.test.toFixed(2)}` : '';
  const ant = t.attrs.ant as { round: number; depth: number } | undefined;
  return `trial ${String(t.seq).padStart(3)}${ant ? `  ant of round ${ant.round} (depth ${ant.depth})` : ''}  ${t.arch}  valid ${(t.metrics.valid ?? Number.NaN).toFixed(2)}${test}  ${note}`;
}

const configurableStrategies = () => Object.keys(STRATEGIES).filter((n) => STRATEGIES[n].configure);

/** The run row that lists a study in `topiary runs` (reopened on resume). */
async function searchRun(store: ExperimentStore, experiment: string, params: Record<string, unknown>, resumeStudy: string | null): Promise<number> {
  if (resumeStudy !== null) {
    const study = await store.getStudy(resumeStudy);
    const migrated = study?.config.migratedFromRun;
    const earlier = (await store.listRuns({ experiment, limit: 10_000 })).find((r) => r.kind === 'search' && (r.params.study === resumeStudy || r.id === migrated));
    if (earlier) { await store.reopenRun(earlier.id); return earlier.id; }
  }
  return store.createRun(experiment, 'search', params);
}

/** `base`, or the first of `base#2`, `base#3`, … that names no study yet. */
export async function freeStudyName(store: ExperimentStore, base: string): Promise<string> {
  if (!(await store.getStudy(base))) return base;
  for (let k = 2; ; k++) if (!(await store.getStudy(`${base}#${k}`))) return `${base}#${k}`;
}

function referenceFromTable(bench: TabularBenchmark, objectives: readonly Objective[]): number[] | undefined {
  if (!objectives.every((o) => ['valid', 'test', 'cost'].includes(o.name))) return undefined;
  return objectives.map((o) => bench.worst(o.name as 'valid' | 'test' | 'cost'));
}

/** The worst value of each objective over every completed trial. */
function worstSeen(objectives: readonly Objective[], trials: RunTrial<unknown>[]): number[] {
  const done = trials.filter((t) => t.state === 'completed' && t.values);
  return objectives.map((o, i) => {
    const vs = done.map((t) => t.values![i]);
    return o.direction === 'max' ? Math.min(...vs) : Math.max(...vs);
  });
}
