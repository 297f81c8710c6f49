/**
 * `npm run bench -- strategy-overhead [--data-dir DIR] [--trials 10000] [--strategies tpe,…]`: what a strategy
 * costs a long study. Each strategy runs one study of --trials NAS-Bench-201 table lookups (memory store,
 * through the study core) and reports the wall time and the microseconds its `ask` takes around 10 and around
 * the last finished trials (median of 10 asks each).
 */
import { join } from 'node:path';
import { Rng } from '../src/core/random.js';
import { resolveDataDir } from '../src/data/data-dir.js';
import { loadTabularFidelities } from '../src/search/benchmark.js';
import { NB201_FILES, NB201_FOLDER } from '../src/search/nb201-files.js';
import { NB201_SPACE, strategyEntry } from '../src/search/registry.js';
import { tabularEvaluator } from '../src/search/tabular-evaluator.js';
import { MemoryStore } from '../src/store/memory.js';
import { parseObjectives } from '../src/study/objectives.js';
import { runStudy } from '../src/study/run-study.js';
import type { Strategy } from '../src/study/strategy.js';
import { Study } from '../src/study/study.js';

const flag = (args: string[], name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchStrategyOverhead(args: string[]): Promise<void> {
  const dir = join(resolveDataDir(flag(args, 'data-dir', '') || undefined), NB201_FOLDER);
  const trials = Number(flag(args, 'trials', '10000'));
  const f = NB201_FILES[200];
  const bench = loadTabularFidelities('nb201', [{ ...f, step: 200, file: join(dir, f.file) }]);
  const objectives = parseObjectives('valid:max');
  console.log(`study of ${trials} NB201 table trials per strategy (memory store); ask time: median of 10 asks`);
  for (const name of flag(args, 'strategies', 'random,regularized-evolution,local-search,tpe,tpe-univariate').split(',')) {
    const inner = strategyEntry(name, '--strategies').create({ space: NB201_SPACE, rng: new Rng(0), objectives });
    const askMicros: number[] = [];
    const timed: Strategy<number[]> = {
      name: inner.name, tell: (t) => inner.tell(t),
      ask() { const t0 = performance.now(); const p = inner.ask(); askMicros.push((performance.now() - t0) * 1000); return p; },
    };
    const study = await Study.open({ store: new MemoryStore(), name, objectives, config: {}, space: NB201_SPACE, strategy: timed });
    const t0 = performance.now();
    const run = await runStudy({ study, evaluate: tabularEvaluator(bench, NB201_SPACE), budget: { trials } });
    const seconds = (performance.now() - t0) / 1000;
    const early = median(askMicros.slice(10, 20)), late = median(askMicros.slice(-10));
    console.log(`${name.padEnd(24)} ${run.length} trials in ${seconds.toFixed(1)} s   ask at 10 finished: ${early.toFixed(0)} µs, at ${run.length - 10}: ${late.toFixed(0)} µs`);
  }
}
