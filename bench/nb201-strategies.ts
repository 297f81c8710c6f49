/**
 * `npm run bench -- nb201-strategies [--data-dir DIR] [--seeds 100] [--first-seed 0] [--queries 50,150] [--strategies a,b]`:
 * search strategies on NAS-Bench-201 CIFAR-10 as NASLib compares them at small budgets. The search signal is
 * the 12-epoch validation accuracy (a cheap, noisy proxy); reported is the 200-epoch test accuracy of the cell
 * each search picks (its best by the signal) after each number of queries: mean ± standard error over seeds.
 * Every search runs through the study core (Study + runStudy on a memory store), as `topiary search` does.
 */
import { join } from 'node:path';
import { Rng } from '../src/core/random.js';
import { resolveDataDir } from '../src/data/data-dir.js';
import { type TabularBenchmark, loadTabularFidelities } from '../src/search/benchmark.js';
import { NB201_FILES, NB201_FOLDER } from '../src/search/nb201-files.js';
import { NB201_SPACE, STRATEGIES, strategyEntry } from '../src/search/registry.js';
import { tabularEvaluator } from '../src/search/tabular-evaluator.js';
import { MemoryStore } from '../src/store/memory.js';
import { parseObjectives } from '../src/study/objectives.js';
import { runStudy } from '../src/study/run-study.js';
import { Study } from '../src/study/study.js';

const flag = (args: string[], name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };

/** The 12-epoch validation accuracy as the search's `valid`, the 200-epoch test accuracy as its `test`. */
function proxyTable(dir: string): { bench: TabularBenchmark; test200: (arch: string) => number } {
  const f12 = NB201_FILES[12], f200 = NB201_FILES[200];
  const low = loadTabularFidelities('nb201-12', [{ ...f12, step: 12, file: join(dir, f12.file), testCol: f12.validCol }]);
  const full = loadTabularFidelities('nb201-200', [{ ...f200, step: 200, file: join(dir, f200.file) }]);
  return { bench: low, test200: (arch) => full.lookup(arch).test };
}

export async function benchNb201Strategies(args: string[]): Promise<void> {
  const dir = join(resolveDataDir(flag(args, 'data-dir', '') || undefined), NB201_FOLDER);
  const seeds = Number(flag(args, 'seeds', '100')), firstSeed = Number(flag(args, 'first-seed', '0'));
  const queries = flag(args, 'queries', '50,150').split(',').map(Number);
  const names = flag(args, 'strategies', 'random,regularized-evolution,local-search,tpe,tpe-univariate,bananas').split(',');
  for (const n of names) strategyEntry(n, '--strategies');
  const { bench, test200 } = proxyTable(dir);
  const objectives = parseObjectives('valid:max');
  const budget = Math.max(...queries);
  let oracle = { valid: -Infinity, test: 0 }, bestTest = 0;
  for (const g of allCells()) {
    const arch = NB201_SPACE.describe(g), v = bench.lookup(arch).valid, t = test200(arch);
    if (v > oracle.valid) oracle = { valid: v, test: t };
    bestTest = Math.max(bestTest, t);
  }
  console.log(`NAS-Bench-201 CIFAR-10, signal: 12-epoch validation, reported: 200-epoch test of the pick; seeds ${firstSeed}-${firstSeed + seeds - 1}`);
  console.log(`best cell by the signal scores ${oracle.test.toFixed(2)}; best in the table ${bestTest.toFixed(2)}`);
  console.log(`strategy                  ${queries.map((q) => `${q} queries`.padStart(16)).join('')}   s/seed`);
  for (const name of names) {
    const picks = queries.map(() => [] as number[]);
    const t0 = performance.now();
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const study = await Study.open({ store: new MemoryStore(), name: `${name}-${seed}`, objectives, config: { strategy: name, seed }, space: NB201_SPACE,
        strategy: STRATEGIES[name].create({ space: NB201_SPACE, rng: new Rng(seed), objectives }) });
      const trials = await runStudy({ study, evaluate: tabularEvaluator(bench, NB201_SPACE), budget: { trials: budget } });
      queries.forEach((q, k) => {
        let best = trials[0];
        for (const t of trials.slice(0, q)) if ((t.values?.[0] ?? -Infinity) > (best.values?.[0] ?? -Infinity)) best = t;
        picks[k].push(test200(best.arch));
      });
    }
    const cells = picks.map((xs) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const se = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length);
      return `${m.toFixed(2)} ± ${se.toFixed(2)}`.padStart(16);
    });
    console.log(`${name.padEnd(26)}${cells.join('')}   ${((performance.now() - t0) / 1000 / seeds).toFixed(2)}`);
  }
}

function* allCells(): Generator<number[]> {
  for (let i = 0; i < 5 ** 6; i++) yield Array.from({ length: 6 }, (_, e) => Math.floor(i / 5 ** e) % 5);
}
