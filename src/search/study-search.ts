/**
 * A search of architectures evaluated one by one, as studies in the store (strategies × seeds): looked up in a
 * table benchmark, or trained here in worker threads. With `workers: 0` it only creates the studies for
 * `topiary worker` processes; with `shared` it creates or joins them and works on them as one more worker.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { OptionError, choiceOption, intOption, numberOption, optionalNumber } from '../core/option-error.js';
import { EVIDENCE_METHODS } from '../train/model-evidence.js';
import type { Dataset } from '../data/dataset.js';
import { datasetOf } from '../data/source.js';
import { ensureWritable } from '../io/writable.js';
import { MemoryStore } from '../store/memory.js';
import { parseObjectives } from '../study/objectives.js';
import { prunerEntry } from '../study/pruners/index.js';
import { benchmarkByName } from './benchmark-by-name.js';
import { strategyEntry } from './registry.js';
import { type SearchSource, runSearch } from './run-search.js';
import { searchCharts } from './search-charts.js';
import { searchEstimate } from './search-estimate.js';
import type { SearchOptions } from './search-options.js';
import { isMorphStrategy, needsLayerGraph, searchSpaceOf } from './search-space-of.js';
import { runWorker } from './worker.js';

/** Options only a weight-sharing search reads. */
export const SUPERNET_ONLY_OPTIONS = ['cells', 'channels', 'archLr', 'trainEpochs'] as const;
/** Options only a search that trains networks reads. */
const TRAINING_ONLY_OPTIONS = ['tune', 'patience', 'finalEpochs', 'out'] as const;

export async function studySearch(o: SearchOptions & { strategies: string[] }): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const strategies = o.strategies;
  for (const f of SUPERNET_ONLY_OPTIONS) if (o[f] !== undefined) throw new OptionError(f, 'is for weight-sharing strategies (darts, darts2, gdas, rsps, darts-pt); drop it or pick one of them');
  for (const n of strategies) strategyEntry(n, 'strategies');
  // With only a time budget, the clock ends the search: the trial budget is then no limit.
  const budgetSeconds = optionalNumber(o.timeBudgetSeconds, 'timeBudgetSeconds', (v) => v > 0, 'seconds > 0');
  const budget = intOption(o.budget, 'budget', budgetSeconds !== undefined ? 1_000_000 : 100, 1);
  const seeds = intOption(o.seeds, 'seeds', 5, 1);
  const trained = o.dataset !== undefined;
  if (trained && o.benchmark !== undefined) throw new OptionError(['benchmark', 'dataset'], 'pass either a benchmark (table lookup) or a dataset with a space (real training), not both');
  const objectives = typeof o.objectives === 'object' ? o.objectives : parseObjectives(o.objectives ?? 'valid:max', 'objectives');
  if (o.pruner !== undefined) prunerEntry(o.pruner, 'pruner');
  // workers 0: only create the studies, for `topiary worker` processes (on this or other machines) to run.
  const workers = o.workers === undefined ? undefined : intOption(o.workers, 'workers', 1, 0);
  let source: SearchSource;
  // The space and the proxy may both need the data's shape: it is loaded once, and only if one of them asks.
  let loaded: Dataset | undefined;
  const data = () => (loaded ??= datasetOf({ name: o.dataset!, dataDir: o.dataDir }, 0));
  if (trained) {
    const task = {
      dataset: o.dataset!, dataDir: o.dataDir, epochs: intOption(o.epochs, 'epochs', 2, 1), batchSize: intOption(o.batchSize, 'batchSize', 128, 1),
      lr: numberOption(o.lr, 'lr', 1e-3, (v) => v > 0, 'a positive number'), maxTrain: o.maxTrain === undefined ? undefined : intOption(o.maxTrain, 'maxTrain', 1, 1),
      ...(o.patience !== undefined ? { patience: intOption(o.patience, 'patience', 5, 1) } : {}),
      ...(o.evidence !== undefined ? { evidence: choiceOption(o.evidence, 'evidence', Object.keys(EVIDENCE_METHODS)) } : {}), ...(o.tune ? { tune: o.tune } : {}),
    };
    const { space, spaceOptions } = searchSpaceOf(strategies, { ...o, data });
    // Children inherit their parents' weights from files, so a search that reuses weights always keeps them (in out, else topiary-trials/).
    const reuses = strategies.some((n) => isMorphStrategy(n) || needsLayerGraph(n));
    const modelDir = o.out ?? (reuses || o.finalEpochs !== undefined ? 'topiary-trials' : undefined);
    source = { kind: 'trained', space, task, workers: Math.max(1, workers ?? availableParallelism()), modelDir, ...(spaceOptions ? { spaceOptions } : {}) };
  } else {
    for (const f of TRAINING_ONLY_OPTIONS) if (o[f] !== undefined) throw new OptionError(f, 'is for networks trained here; a table benchmark trains none (drop it or search with a dataset)');
    source = { kind: 'tabular', bench: benchmarkByName(o.benchmark ?? 'nb201-cifar10', o) };
  }
  const estimate = searchEstimate({ ...o, ...(trained ? { data } : {}) }, source);
  // Outputs are checked before any trial runs, so a typo in a path does not cost the whole search.
  if (o.plot !== undefined) ensureWritable(o.plot, 'file', 'plot');
  if (o.out !== undefined) ensureWritable(o.out, 'dir', 'out');
  const store = o.store ?? new MemoryStore();
  const createOnly = workers === 0 || o.shared === true;
  if (createOnly && !store.persistent) throw new OptionError(workers === 0 ? 'workers' : 'shared', `${workers === 0 ? '0 creates' : 'creates or joins'} studies for workers to share: keep them in a store (sqlite:PATH or postgresql://…), not in memory`);
  if (o.resume && !store.persistent) throw new OptionError('resume', 'continues studies kept in a store; they are not in memory');
  const outcome = await runSearch({
    strategies, seeds, firstSeed: o.firstSeed === undefined ? 0 : intOption(o.firstSeed, 'firstSeed', 0, 0), source, objectives, budget, budgetSeconds, pruner: o.pruner,
    eta: numberOption(o.eta, 'eta', 3, (v) => v > 1, 'a number > 1'), store, study: o.study, resume: o.resume === true || o.shared === true,
    scalarization: o.scalarize, mode: o.async ? 'async' : 'batch', reference: o.reference, log, createOnly, estimate,
    ...(o.predictorFilter !== undefined ? { predictorFilter: intOption(o.predictorFilter, 'predictorFilter', 1, 1) } : {}),
    strategyOptions: o.strategyOptions, ...(o.finalEpochs !== undefined ? { finalEpochs: intOption(o.finalEpochs, 'finalEpochs', 1, 1) } : {}),
  });
  if (outcome.created && workers === 0) return { created: outcome.created, storage: store.url };
  if (outcome.created) {
    // shared: this process is one more worker on each study, with `workers` training threads.
    const joined = [];
    for (const study of outcome.created) {
      const r = await runWorker({ store, study, concurrency: Math.max(1, workers ?? 1), dataDir: o.dataDir, log });
      joined.push({ study, worker: r.worker, trials: r.trials.length, completed: r.trials.filter((t) => t.state === 'completed').length });
    }
    return { joined, storage: store.url };
  }
  const results = outcome.summaries.map((s, k) => {
    const runs = outcome.runs[k];
    const meanCost = s.meanCost as number;
    const summary: Record<string, unknown> = {
      ...s, [trained ? 'dataset' : 'benchmark']: outcome.label, budget, objectives: objectives.map((ob) => `${ob.name}:${ob.direction}`),
      ...(trained ? { meanTrainingSeconds: meanCost } : { meanSimulatedHours: meanCost / 3600 }),
      ...(outcome.costBudget !== undefined ? { costBudgetPerSeed: outcome.costBudget } : {}),
      ...(o.out !== undefined ? { bestModels: runs.map((r) => (r.best?.attrs.model as string | undefined) ?? null) } : {}),
    };
    const hv = typeof s.meanHypervolume === 'number' ? `  hypervolume ${s.meanHypervolume.toPrecision(5)} ± ${(s.sdHypervolume as number).toPrecision(3)}` : '';
    log(`${String(s.strategy).padEnd(22)} best ${objectives[0].name} ${(s.meanBestValid as number).toFixed(3)}  test of best ${(s.meanTest as number).toFixed(3)} ± ${(s.stdTest as number).toFixed(3)}${hv}`
      + `  (${seeds} seeds, ${(s.meanTrials as number).toFixed(1)} trials${(s.meanPruned as number) > 0 ? `, ${(s.meanPruned as number).toFixed(1)} pruned` : ''}, ${trained ? `${meanCost.toFixed(0)} s of training` : `${(meanCost / 3600).toFixed(1)} simulated GPU-hours`} each)`);
    return summary;
  });
  if (outcome.reference) log(`hypervolume reference point: ${objectives.map((ob, i) => `${ob.name}:${ob.direction} = ${outcome.reference![i]}`).join(', ')}`);
  if (o.plot !== undefined) {
    for (const [suffix, svg] of searchCharts(outcome, objectives)) {
      const file = suffix ? o.plot.replace(/(\.svg)?$/, `${suffix}.svg`) : o.plot;
      writeFileSync(file, svg);
      log(`plot ${file}`);
    }
  }
  return results.length === 1 ? results[0] : { results };
}
