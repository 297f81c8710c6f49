/**
 * `search()` for weight-sharing strategies (darts, darts2, gdas, rsps, darts-pt): one supernet per strategy and
 * seed, trained on the dataset; the NAS-Bench-201 table scores the derived cells when the space is nb201 and the
 * table is in the data directory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError, intOption, numberOption } from '../core/option-error.js';
import { resolveDataDir } from '../data/data-dir.js';
import { findDataset } from '../data/registry.js';
import { lookup } from '../core/registry.js';
import { CELL_SPACES } from '../arch/spaces/index.js';
import { ensureWritable } from '../io/writable.js';
import type { TabularBenchmark } from '../search/benchmark.js';
import { benchmarkByName } from '../search/benchmark-by-name.js';
import { NB201_FILES, NB201_FOLDER } from '../search/nb201-files.js';
import type { SearchOptions } from '../search/search-options.js';
import { runOneShotSearch } from './oneshot-search.js';

/** Sized so one search fits 20 minutes on 2 cores (NB201 supernet, 16 channels, 1 cell per stage, 4,000 images). */
const DEFAULT_EPOCHS = 50;

/** Options of searches that evaluate architectures one by one, which a supernet search refuses rather than ignores. */
const STUDY_ONLY_OPTIONS = [
  'benchmark', 'columns', 'fidelities', 'budget', 'timeBudgetSeconds', 'pruner', 'eta', 'objectives', 'scalarize', 'reference', 'async', 'workers', 'shared',
  'study', 'proxy', 'proxyFilter', 'predictorFilter', 'tune', 'patience', 'evidence', 'finalEpochs', 'maxParams', 'strategyOptions',
] as const;

/** The NAS-Bench-201 table when the data directory has it (the search runs without it, scoring nothing by table). */
function nb201Table(dataDir: string | undefined): TabularBenchmark | undefined {
  let dir: string;
  try { dir = join(resolveDataDir(dataDir), NB201_FOLDER); } catch { return undefined; }
  return existsSync(join(dir, NB201_FILES[200].file)) ? benchmarkByName('nb201-cifar10', { dataDir }) : undefined;
}

export async function supernetSearch(o: SearchOptions & { strategies: string[] }): Promise<Record<string, unknown>> {
  if (o.dataset === undefined) throw new OptionError('strategies', 'weight-sharing strategies train a supernet on data: give a dataset (and a space), not a benchmark');
  for (const f of STUDY_ONLY_OPTIONS) if (o[f] !== undefined) throw new OptionError(f, `does not apply to weight-sharing strategies (${o.strategies.join(', ')}); drop it`);
  const dataset = o.dataset;
  const space = o.space ?? (findDataset(dataset).inputShape.length === 3 ? 'nb201' : 'mlp-cell');
  lookup(CELL_SPACES, space, 'cell space', 'space');
  if (o.out !== undefined) ensureWritable(o.out, 'dir', 'out');
  const table = space === 'nb201' ? nb201Table(o.dataDir) : undefined;
  const cells = intOption(o.cells, 'cells', 1, 1), epochs = intOption(o.epochs, 'epochs', DEFAULT_EPOCHS, 1);
  const store = o.store;
  if (o.resume && !store?.persistent) throw new OptionError('resume', 'reuses searches kept in a store; they are not in memory');
  const outcome = await runOneShotSearch({
    strategies: o.strategies, dataset, dataDir: o.dataDir, space, cells, epochs,
    seeds: intOption(o.seeds, 'seeds', 1, 1), firstSeed: o.firstSeed === undefined ? 1 : intOption(o.firstSeed, 'firstSeed', 1, 0),
    ...(o.channels !== undefined ? { channels: intOption(o.channels, 'channels', 16, 1) } : {}),
    batchSize: intOption(o.batchSize, 'batchSize', 64, 1),
    weightLr: numberOption(o.lr, 'lr', 0.025, (v) => v > 0, 'a positive number'),
    archLr: numberOption(o.archLr, 'archLr', 3e-4, (v) => v > 0, 'a positive number'),
    ...(o.maxTrain !== undefined ? { maxTrain: intOption(o.maxTrain, 'maxTrain', 1, 1) } : {}),
    ...(table ? { table } : {}), ...(o.out !== undefined ? { outDir: o.out } : {}),
    trainEpochs: intOption(o.trainEpochs, 'trainEpochs', 0, 0), resume: o.resume === true, log: o.log,
    // Searches kept in a store checkpoint every epoch (next to the models, else in topiary-supernets/), so a resume continues a stopped one.
    ...(store?.persistent || o.out !== undefined ? { checkpointDir: o.out ?? 'topiary-supernets' } : {}),
    // An in-memory store keeps nothing: its runs would be numbered for no one.
    ...(store?.persistent ? { store } : {}),
  });
  for (const s of outcome.summaries) {
    o.log?.(`${String(s.strategy).padEnd(10)} ${s.seeds} seeds, ${(s.meanSearchSeconds as number).toFixed(0)} s per search`
      + (typeof s.meanTableTest === 'number' ? `, NB201 test of the derived cells ${s.meanTableTest.toFixed(2)} ± ${(s.sdTableTest as number).toFixed(2)}` : ''));
  }
  return { dataset, space, cells, epochs, storage: store?.url ?? 'memory:', ...(o.channels !== undefined ? { channels: o.channels } : {}), summaries: outcome.summaries, derived: outcome.derived };
}
