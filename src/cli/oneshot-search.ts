/**
 * `topiary search --strategy darts|darts2|gdas|rsps|darts-pt --dataset D --space S`: weight-sharing search (flag
 * parsing only; the searches are `runOneShotSearch`). The NAS-Bench-201 table scores the derived cells when the
 * space is nb201 and the table is in the data directory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from '../data/data-dir.js';
import { findDataset } from '../data/registry.js';
import { runOneShotSearch } from '../oneshot/oneshot-search.js';
import { type TabularBenchmark, loadTabularFidelities } from '../search/benchmark.js';
import { NB201_FILES, NB201_FOLDER } from '../search/nb201-files.js';
import { type Parsed, intFlag, numberFlag, optionName } from './args.js';
import { checkOutputs } from './outputs.js';
import { storeFromFlags } from './store-flags.js';

/** Flags only a weight-sharing search reads. */
export const ONESHOT_FLAGS = { cells: 'string', channels: 'string', 'arch-lr': 'string', 'train-epochs': 'string' } as const;

/** Defaults sized so one search fits 20 minutes on 2 cores (NB201 supernet, 16 channels, 1 cell per stage, 4,000 images). */
const DEFAULT_EPOCHS = 50;

function nb201Table(dataDir: string | undefined): TabularBenchmark | undefined {
  let dir: string;
  try { dir = join(resolveDataDir(dataDir), NB201_FOLDER); } catch { return undefined; }
  const f = NB201_FILES[200];
  return existsSync(join(dir, f.file)) ? loadTabularFidelities('nb201-cifar10', [{ ...f, step: 200, file: join(dir, f.file) }]) : undefined;
}

export async function oneShotSearch(p: Parsed, strategies: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  if (!p.flags.has('dataset')) throw new Error(`${optionName(p, 'strategy')}: weight-sharing strategies train a supernet on data: pass --dataset D (and --space S), not --benchmark`);
  for (const f of ['benchmark', 'budget', 'pruner', 'objectives', 'workers', 'shared', 'study']) {
    if (p.flags.has(f)) throw new Error(`${optionName(p, f)} does not apply to weight-sharing strategies (${strategies.join(', ')}); drop it`);
  }
  const dataset = String(p.flags.get('dataset'));
  const image = findDataset(dataset).inputShape.length === 3;
  const space = String(p.flags.get('space') ?? (image ? 'nb201' : 'mlp-cell'));
  checkOutputs(p, { out: 'dir' });
  const dataDir = p.flags.get('data-dir') as string | undefined;
  const table = space === 'nb201' ? nb201Table(dataDir) : undefined;
  const cells = intFlag(p, 'cells', 1, 1);
  const epochs = intFlag(p, 'epochs', DEFAULT_EPOCHS, 1);
  const options = {
    strategies, dataset, dataDir, space, cells, epochs,
    seeds: intFlag(p, 'seeds', 1, 1), firstSeed: p.flags.has('first-seed') ? intFlag(p, 'first-seed', 1, 0) : 1,
    ...(p.flags.has('channels') ? { channels: intFlag(p, 'channels', 16, 1) } : {}),
    batchSize: intFlag(p, 'batch-size', 64, 1),
    weightLr: numberFlag(p, 'lr', 0.025, (v) => v > 0, 'a positive number'),
    archLr: numberFlag(p, 'arch-lr', 3e-4, (v) => v > 0, 'a positive number'),
    ...(p.flags.has('max-train') ? { maxTrain: intFlag(p, 'max-train', 0, 1) } : {}),
    ...(table ? { table } : {}),
    ...(typeof p.flags.get('out') === 'string' ? { outDir: String(p.flags.get('out')) } : {}),
    trainEpochs: intFlag(p, 'train-epochs', 0, 0),
    resume: p.flags.has('resume'),
    log,
  };
  // Opened once every flag is checked, so a bad flag leaves nothing open.
  const store = await storeFromFlags(p);
  if (options.resume && store.url === 'memory:') { await store.close(); throw new Error('--resume reuses searches kept in a store; drop --no-store'); }
  // --no-store keeps nothing: its runs would be numbered for no one.
  const outcome = await runOneShotSearch({ ...options, ...(store.url === 'memory:' ? {} : { store }) }).finally(() => store.close());
  for (const s of outcome.summaries) {
    log(`${String(s.strategy).padEnd(10)} ${s.seeds} seeds, ${(s.meanSearchSeconds as number).toFixed(0)} s per search`
      + (typeof s.meanTableTest === 'number' ? `, NB201 test of the derived cells ${s.meanTableTest.toFixed(2)} ± ${(s.sdTableTest as number).toFixed(2)}` : ''));
  }
  return { dataset, space, cells, epochs, storage: store.url, ...(p.flags.has('channels') ? { channels: Number(p.flags.get('channels')) } : {}), summaries: outcome.summaries, derived: outcome.derived };
}
