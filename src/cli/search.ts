/**
 * `topiary search --strategy A[,B] --benchmark nb201-cifar10|tabular:FILE --budget N --seeds K`:
 * strategies on a tabular benchmark (search on validation, report the chosen
 * cell's test score, simulated training time from the cost column);
 * `topiary search --strategy A --dataset D --space S --budget N --seeds K [--workers W] [--resume]`:
 * the same by real training in worker threads. Every trial is stored; a plot
 * shows best-so-far curves (mean ± sd over seeds).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { archHash } from '../arch/canonical.js';
import { parseCellString } from '../arch/cell-string.js';
import { NB201_OPS } from '../arch/nb201.js';
import { cellSpace } from '../arch/spaces/index.js';
import { Rng } from '../core/random.js';
import { resolveDataDir } from '../data/data-dir.js';
import { mean, std } from '../report/aggregate.js';
import { PALETTE, type Series, lineChart } from '../report/svg-chart.js';
import { type TabularBenchmark, loadTabular } from '../search/benchmark.js';
import { NB201_SPACE, STRATEGIES } from '../search/registry.js';
import { type SearchResult, runTabularSearch } from '../search/run.js';
import { cellSearchSpace, runTrainedSearch } from '../search/trained-search.js';
import { TrialPool } from '../search/trial-pool.js';
import type { ExperimentStore } from '../store/store.js';
import { SqliteStore } from '../store/sqlite.js';
import { type Parsed, intFlag, numberFlag, optionName, parseArgs } from './args.js';

const NB201_COLUMNS = { archCol: 'arch', validCol: 'cifar10valid_valid_acc', testCol: 'cifar10valid_test_acc', costCol: 'cifar10valid_train_time_total_s' };

const FLAGS = {
  strategy: 'string', benchmark: 'string', dataset: 'string', space: 'string', budget: 'string', seeds: 'string', workers: 'string', epochs: 'string',
  'batch-size': 'string', lr: 'string', 'max-train': 'string', resume: 'boolean', 'data-dir': 'string', 'arch-col': 'string', 'valid-col': 'string',
  'test-col': 'string', 'cost-col': 'string', db: 'string', 'no-store': 'boolean', plot: 'string', out: 'string', json: 'boolean',
} as const;

function openBenchmark(name: string, p: Parsed): TabularBenchmark {
  if (name === 'nb201-cifar10') {
    const file = join(resolveDataDir(p.flags.get('data-dir') as string | undefined), 'nasbench201-cifar10', 'nb201_200epoch_cifar10valid_extras.csv');
    return loadTabular(file, NB201_COLUMNS, name);
  }
  if (name.startsWith('tabular:')) {
    const col = (k: string, d: string) => String(p.flags.get(k) ?? d);
    return loadTabular(name.slice(8), { archCol: col('arch-col', 'arch'), validCol: col('valid-col', 'valid'), testCol: col('test-col', 'test'), costCol: col('cost-col', 'cost') });
  }
  throw new Error(`${optionName(p, 'benchmark')}: got "${name}"; expected nb201-cifar10 or tabular:FILE (with --valid-col, --test-col, --cost-col)`);
}

/** The canonical hash of an NB201 cell string; other table keys hash as text. */
function tableKey(arch: string): string {
  try {
    return archHash(parseCellString(arch, 'nb201', NB201_OPS));
  } catch {
    return createHash('sha256').update(arch).digest('hex').slice(0, 16);
  }
}

/** The latest unfinished run of this experiment with the same settings, to continue. */
function resumable(store: ExperimentStore, experiment: string, params: Record<string, unknown>): number | null {
  const same = (a: Record<string, unknown>) => Object.keys(params).every((k) => k === 'budget' || JSON.stringify(a[k]) === JSON.stringify(params[k]));
  return store.listRuns({ experiment, limit: 1000 }).find((r) => r.kind === 'search' && r.status !== 'completed' && same(r.params))?.id ?? null;
}

export async function searchCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  const names = String(p.flags.get('strategy') ?? 'random').split(',');
  for (const n of names) if (!STRATEGIES[n]) throw new Error(`${optionName(p, 'strategy')}: got "${n}"; expected one of ${Object.keys(STRATEGIES).join(', ')}`);
  const budget = intFlag(p, 'budget', 100, 1);
  const seeds = intFlag(p, 'seeds', 5, 1);
  const trained = p.flags.has('dataset');
  if (trained && p.flags.has('benchmark')) throw new Error('pass either --benchmark (table lookup) or --dataset with --space (real training), not both');
  const bench = trained ? null : openBenchmark(String(p.flags.get('benchmark') ?? 'nb201-cifar10'), p);
  const space = trained ? cellSpace(String(p.flags.get('space') ?? 'mlp-widths'), optionName(p, 'space')) : null;
  const dataset = String(p.flags.get('dataset'));
  const task = {
    dataset, dataDir: p.flags.get('data-dir') as string | undefined, epochs: intFlag(p, 'epochs', 2, 1), batchSize: intFlag(p, 'batch-size', 128, 1),
    lr: numberFlag(p, 'lr', 1e-3, (v) => v > 0, 'a positive number'), maxTrain: p.flags.has('max-train') ? intFlag(p, 'max-train', 0, 1) : undefined,
  };
  const store = p.flags.has('no-store') ? null : new SqliteStore(String(p.flags.get('db') ?? './topiary.db'));
  if (p.flags.has('resume') && !store) throw new Error('--resume reads finished trials from the store; drop --no-store');
  const pool = trained ? new TrialPool(intFlag(p, 'workers', Math.max(1, availableParallelism()), 1)) : null;
  const label = bench ? bench.name : `${dataset}/${space!.name}`;
  const out = p.flags.get('out');
  if (typeof out === 'string' && bench) throw new Error('--out saves trained models; a table benchmark trains none (drop --out or search with --dataset)');
  const results: Record<string, unknown>[] = [];
  const curves: Series[] = [];
  try {
    for (const name of names) {
      const runs: SearchResult[] = [];
      for (let seed = 0; seed < seeds; seed++) {
        const experiment = `search-${label}`;
        const params = bench ? { strategy: name, seed, budget } : { strategy: name, seed, budget, space: space!.name, ...task };
        let runId = store && p.flags.has('resume') ? resumable(store, experiment, params) : null;
        if (runId !== null) { store!.reopenRun(runId); log(`${name} seed ${seed}: resuming run ${runId}`); } else if (store) runId = store.createRun(experiment, 'search', params);
        const strategy = STRATEGIES[name](bench ? NB201_SPACE : cellSearchSpace(space!), new Rng(seed));
        try {
          const r = bench
            ? runTabularSearch(strategy, NB201_SPACE, bench, budget)
            : await runTrainedSearch({ strategy, space: space!, task: { ...task, seed }, budget, pool: pool!, store: store && runId !== null ? { db: store, runId } : null, log,
              modelDir: typeof out === 'string' ? join(out, `${name}-seed${seed}`) : undefined });
          if (store && runId !== null) {
            const id = runId;
            store.batch(() => {
              for (const t of r.trials) {
                // Table lookups are trials too: stored like trained ones, with the cost column as their time.
                if (bench) { store.startTrial(id, t.trial, t.arch, tableKey(t.arch)); store.finishTrial(id, t.trial, 'completed', { valid: t.valid, test: t.test, seconds: t.cost }); }
                store.logEpoch(id, t.trial, { valid: t.valid, test: t.test, cost: t.cost, bestValid: r.bestValidSoFar[t.trial - 1] });
              }
              store.finishRun(id, 'completed', { best: r.best, seconds: r.simulatedSeconds });
            });
          }
          runs.push(r);
        } catch (e) {
          if (store && runId !== null) store.finishRun(runId, 'failed', undefined, (e as Error).message);
          throw e;
        }
      }
      const tests = runs.map((r) => r.best.test), valids = runs.map((r) => r.best.valid);
      const seconds = mean(runs.map((r) => r.simulatedSeconds));
      const summary = { strategy: name, [bench ? 'benchmark' : 'dataset']: label, budget, seeds, meanTest: mean(tests), stdTest: std(tests), meanBestValid: mean(valids),
        ...(bench ? { meanSimulatedHours: seconds / 3600 } : { meanTrainingSeconds: seconds, best: runs.map((r) => r.best.arch) }),
        ...(typeof out === 'string' && !bench ? { bestModels: runs.map((r) => (r.best as { model?: string }).model ?? null) } : {}) };
      log(`${name.padEnd(22)} best valid ${summary.meanBestValid.toFixed(3)}  test of best ${summary.meanTest.toFixed(3)} ± ${summary.stdTest.toFixed(3)}  (${seeds} seeds, ${budget} trials, ${bench ? `${(seconds / 3600).toFixed(1)} simulated GPU-hours` : `${seconds.toFixed(0)} s of training`} each)`);
      results.push(summary);
      // The first trials are close to random picks; start the chart where strategies begin to differ.
      const first = budget >= 50 ? 10 : 1;
      const xs = Array.from({ length: budget - first + 1 }, (_, i) => i + first);
      const at = (x: number, key: 'bestValidSoFar' | 'testOfBestSoFar') => runs.map((r) => r[key][Math.min(x - 1, r[key].length - 1)]);
      const color = PALETTE[(curves.length / 2) % PALETTE.length];
      curves.push({ name: `${name} valid (± sd)`, x: xs, y: xs.map((x) => mean(at(x, 'bestValidSoFar'))), band: xs.map((x) => std(at(x, 'bestValidSoFar'))), color },
        { name: `${name} test of best`, x: xs, y: xs.map((x) => mean(at(x, 'testOfBestSoFar'))), dashed: true, color });
    }
  } finally {
    store?.close();
    await pool?.close();
  }
  const plot = p.flags.get('plot');
  if (typeof plot === 'string') {
    writeFileSync(plot, lineChart(curves, { title: `${label}: best-so-far over trials (mean ± sd of ${seeds} seeds)`, xLabel: 'trials', yLabel: 'accuracy (%)', logX: true }));
    log(`plot ${plot}`);
  }
  return results.length === 1 ? results[0] : { results };
}
