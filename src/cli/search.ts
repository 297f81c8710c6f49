/**
 * `topiary search --strategy NAME --benchmark nb201-cifar10|tabular:FILE --budget N --seeds K`:
 * strategies on a tabular benchmark (search on validation, report the chosen
 * cell's test score, simulated training time from the cost column), every
 * trial stored, and a best-so-far plot (mean ± std over seeds).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../core/random.js';
import { resolveDataDir } from '../data/data-dir.js';
import { mean, std } from '../report/aggregate.js';
import { PALETTE, type Series, lineChart } from '../report/svg-chart.js';
import { type TabularBenchmark, loadTabular } from '../search/benchmark.js';
import { NB201_SPACE, STRATEGIES } from '../search/registry.js';
import { runTabularSearch } from '../search/run.js';
import { SqliteStore } from '../store/sqlite.js';
import { intFlag, optionName, parseArgs } from './args.js';

const NB201_COLUMNS = { archCol: 'arch', validCol: 'cifar10valid_valid_acc', testCol: 'cifar10valid_test_acc', costCol: 'cifar10valid_train_time_total_s' };

function openBenchmark(name: string, p: ReturnType<typeof parseArgs>): TabularBenchmark {
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


export function searchCommand(argv: string[], log: (line: string) => void): Record<string, unknown> {
  const p = parseArgs(argv, { strategy: 'string', benchmark: 'string', budget: 'string', seeds: 'string', 'data-dir': 'string', 'arch-col': 'string',
    'valid-col': 'string', 'test-col': 'string', 'cost-col': 'string', db: 'string', 'no-store': 'boolean', plot: 'string', json: 'boolean' });
  const names = String(p.flags.get('strategy') ?? 'random').split(',');
  for (const n of names) if (!STRATEGIES[n]) throw new Error(`${optionName(p, 'strategy')}: got "${n}"; expected one of ${Object.keys(STRATEGIES).join(', ')}`);
  const bench = openBenchmark(String(p.flags.get('benchmark') ?? 'nb201-cifar10'), p);
  const budget = intFlag(p, 'budget', 100, 1);
  const seeds = intFlag(p, 'seeds', 5, 1);
  const store = p.flags.has('no-store') ? null : new SqliteStore(String(p.flags.get('db') ?? './topiary.db'));
  const results: Record<string, unknown>[] = [];
  const curves: Series[] = [];
  try {
    for (const name of names) {
      const runs = Array.from({ length: seeds }, (_, seed) => {
        const r = runTabularSearch(STRATEGIES[name](NB201_SPACE, new Rng(seed)), NB201_SPACE, bench, budget);
        if (store) {
          const id = store.createRun(`search-${bench.name}`, 'search', { strategy: name, seed, budget });
          r.trials.forEach((t) => store.logEpoch(id, t.trial, { valid: t.valid, test: t.test, cost: t.cost, bestValid: r.bestValidSoFar[t.trial - 1] }));
          store.finishRun(id, 'completed', { best: r.best, simulatedSeconds: r.simulatedSeconds });
        }
        return r;
      });
      const tests = runs.map((r) => r.best.test), valids = runs.map((r) => r.best.valid);
      const summary = { strategy: name, benchmark: bench.name, budget, seeds, meanTest: mean(tests), stdTest: std(tests), meanBestValid: mean(valids),
        meanSimulatedHours: mean(runs.map((r) => r.simulatedSeconds)) / 3600 };
      log(`${name.padEnd(22)} best valid ${summary.meanBestValid.toFixed(3)}  test of best ${summary.meanTest.toFixed(3)} ± ${summary.stdTest.toFixed(3)}  (${seeds} seeds, ${budget} trials, ${summary.meanSimulatedHours.toFixed(1)} simulated GPU-hours each)`);
      results.push(summary);
      // The first trials are close to random picks; start the chart where strategies begin to differ.
      const first = budget >= 20 ? 10 : 1;
      const xs = Array.from({ length: budget - first + 1 }, (_, i) => i + first);
      const at = (x: number, key: 'bestValidSoFar' | 'testOfBestSoFar') => runs.map((r) => r[key][Math.min(x - 1, r[key].length - 1)]);
      const color = PALETTE[curves.length / 2 % PALETTE.length];
      curves.push({ name: `${name} valid (± sd)`, x: xs, y: xs.map((x) => mean(at(x, 'bestValidSoFar'))), band: xs.map((x) => std(at(x, 'bestValidSoFar'))), color },
        { name: `${name} test of best`, x: xs, y: xs.map((x) => mean(at(x, 'testOfBestSoFar'))), dashed: true, color });
    }
  } finally {
    store?.close();
  }
  const plot = p.flags.get('plot');
  if (typeof plot === 'string') {
    writeFileSync(plot, lineChart(curves, { title: `${bench.name}: best-so-far over trials (mean ± sd of ${seeds} seeds)`, xLabel: 'trials', yLabel: 'accuracy (%)', logX: true }));
    log(`plot ${plot}`);
  }
  return results.length === 1 ? results[0] : { results };
}
