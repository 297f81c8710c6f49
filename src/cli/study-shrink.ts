/**
 * `topiary study shrink`: the journal's grid — λ values × depths × seeds ×
 * datasets — each a compress run and a fixed-size retrain at equal time, all
 * stored; plots of final size vs λ and accuracy vs size (shrink vs fixed).
 */
import { writeFileSync } from 'node:fs';
import { ensureWritable } from '../io/writable.js';
import { join } from 'node:path';
import { resolveDataDir } from '../data/data-dir.js';
import { prepare } from '../data/prepare.js';
import { loadDataset } from '../data/registry.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { lineChart } from '../report/svg-chart.js';
import { DEFAULT_COMPRESS, JOURNAL_START_WIDTHS, switchedMlp } from '../shrink/compress.js';
import { compressAndCompare } from '../shrink/compare.js';
import { type GridVerdict, gridVerdict } from '../shrink/grid-verdict.js';
import { storeFromFlags } from './store-flags.js';
import type { Metrics } from '../train/metrics.js';
import { intFlag, numberFlag, numberList, optionName, parseArgs } from './args.js';
import { budgetSchedule, lambdaSchedule, settleFlag, switchLrScale } from './shrink.js';


interface GridRun { dataset: string; lambda: number; depth: number; seed: number; sizes: number[]; shrunkParams: number; shrunk: number; fixed: number; stoppedBy: string }

const metric = (m: Metrics) => m.accuracy ?? m.r2!;

export async function studyShrinkCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { datasets: 'string', lambdas: 'string', depths: 'string', seeds: 'string', 'first-seed': 'string', 'time-budget': 'string', 'width-scale': 'string',
    'lambda-decay': 'string', 'lambda-decay-every': 'string', 'lr-schedule': 'string', 'switch-lr-scale': 'string', settle: 'string', 'data-dir': 'string', out: 'string', db: 'string', storage: 'string', 'no-store': 'boolean', json: 'boolean' });
  const datasets = String(p.flags.get('datasets') ?? 'mnist,fashion-mnist,add10,airfoil,poker,adult').split(',');
  const lambdas = numberList(p, 'lambdas', String(p.flags.get('lambdas') ?? '1e-1,1e-2,1e-3,1e-4,1e-5,1e-6'), (l) => l >= 0, 'comma-separated numbers >= 0');
  const depths = numberList(p, 'depths', String(p.flags.get('depths') ?? '1,2,3,4'), (d) => !!JOURNAL_START_WIDTHS[d], 'values in 1-4');
  const seeds = intFlag(p, 'seeds', 2, 1);
  // Seeds firstSeed … firstSeed + seeds − 1, so more seeds can be added to a grid already run.
  const firstSeed = intFlag(p, 'first-seed', 0, 0);
  const budget = numberFlag(p, 'time-budget', 30, (v) => v > 0, 'seconds > 0');
  const scale = numberFlag(p, 'width-scale', 1, (v) => v > 0 && v <= 1, 'a number in (0, 1]');
  // λ shrinks per epoch (the journal's schedule); on small datasets epochs are a few batches, so 1 (no decay) lets switches die at all.
  const { lambdaDecay, lambdaDecayEvery } = lambdaSchedule(p);
  const timeSchedule = budgetSchedule(p, DEFAULT_COMPRESS.lr);
  const lrSchedule = timeSchedule ? 'cosine' : 'constant';
  const switchLr = switchLrScale(p);
  const settleFraction = settleFlag(p);
  const out = String(p.flags.get('out') ?? 'study-shrink');
  ensureWritable(out, 'dir', optionName(p, 'out'));
  const store = p.flags.has('no-store') ? null : await storeFromFlags(p);
  const runs: GridRun[] = [];
  try {
    for (const name of datasets) {
      const data = loadDataset(name, resolveDataDir(p.flags.get('data-dir') as string | undefined), 0);
      const inSize = data.inputShape.reduce((a, b) => a * b, 1), outSize = data.task === 'classification' ? data.classes! : 1;
      for (const depth of depths) for (const lambda of lambdas) for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
        const prep = prepare(data, { seed });
        const width = Math.max(1, Math.round(JOURNAL_START_WIDTHS[depth] * scale));
        const runId = await store?.createRun(`study-shrink-${name}`, 'shrink', { dataset: name, lambda, lambdaDecay, lambdaDecayEvery, lrSchedule, switchLr, settleFraction, depth, seed, width, budget });
        try {
          const model = switchedMlp(data.inputShape, new Array(depth).fill(width), outSize, seed, switchLr);
          const { compressed: r, shrunk, shrunkTest, fixedTest } = compressAndCompare(model, prep,
            { ...DEFAULT_COMPRESS, epochs: 100000, seed, lambda, lambdaDecay, lambdaDecayEvery, timeBudgetSeconds: budget, timeSchedule, settleFraction },
            (sizes) => buildModel(parseArch(`mlp:${inSize}-${sizes.join('-')}-${outSize}`, data.inputShape), seed));
          const run: GridRun = { dataset: name, lambda, depth, seed, sizes: r.sizes, shrunkParams: shrunk.parameterCount(),
            shrunk: metric(shrunkTest), fixed: metric(fixedTest), stoppedBy: r.stoppedBy };
          runs.push(run);
          if (r.stoppedBy === 'collapse') log(`  collapsed to ${r.sizes.join('-')} (λ ${lambda} too strong); report kept`);
          log(`${name} depth ${depth} λ ${lambda} seed ${seed}: ${width} → ${r.sizes.join('-')} (${run.shrunkParams} params)  shrunk ${run.shrunk.toFixed(4)}  fixed same size+time ${run.fixed.toFixed(4)}`);
          if (runId !== undefined) await store!.finishRun(runId, 'completed', { ...run });
        } catch (e) {
          if (runId !== undefined) await store!.finishRun(runId, 'failed', undefined, (e as Error).message);
          throw e;
        }
      }
    }
  } finally {
    await store?.close();
  }
  const plots: string[] = [];
  const verdicts: Record<string, GridVerdict | null> = {};
  for (const name of datasets) {
    const rs = runs.filter((r) => r.dataset === name);
    const v = verdicts[name] = gridVerdict(rs.map((r) => ({ ...r, params: r.shrunkParams })));
    if (v) log(describeVerdict(name, v));
    const byDepth = depths.map((d) => rs.filter((r) => r.depth === d));
    const f1 = join(out, `${name}-size-vs-lambda.svg`), f2 = join(out, `${name}-accuracy-vs-size.svg`);
    writeFileSync(f1, lineChart(byDepth.map((g, i) => ({ name: `${depths[i]} hidden layer(s)`, x: g.map((r) => r.lambda), y: g.map((r) => r.shrunkParams), points: true })),
      { title: `${name}: final size vs λ`, xLabel: 'λ', yLabel: 'parameters after shrinking', logX: true }));
    const sorted = [...rs].sort((a, b) => a.shrunkParams - b.shrunkParams);
    writeFileSync(f2, lineChart([
      { name: 'compressed (shrink)', x: sorted.map((r) => r.shrunkParams), y: sorted.map((r) => r.shrunk), points: true, line: false },
      { name: 'fixed, same size and time', x: sorted.map((r) => r.shrunkParams), y: sorted.map((r) => r.fixed), points: true, line: false },
    ], { title: `${name}: test metric vs size, shrink vs fixed`, xLabel: 'parameters', yLabel: 'test accuracy (classification) or R²', logX: true }));
    plots.push(f1, f2);
  }
  const summary = { datasets, lambdas, lambdaDecay, lambdaDecayEvery, lrSchedule, switchLr, settleFraction, depths, seeds, firstSeed, budget, runs, verdicts, plots };
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1));
  for (const f of plots) log(`plot ${f}`);
  return summary;
}

function describeVerdict(name: string, v: GridVerdict): string {
  const f = (x: number) => x.toFixed(4), at = (r: { lambda: number; depth: number; seed: number }) => `λ ${r.lambda}, depth ${r.depth}, seed ${r.seed}`;
  const best = `${name}: best fixed ${f(v.bestFixed.fixed)} with ${v.bestFixed.params} params (${at(v.bestFixed)})`;
  const match = v.smallestAsGood
    ? `smallest compressed at least as good: ${f(v.smallestAsGood.shrunk)} with ${v.smallestAsGood.params} params (${at(v.smallestAsGood)}), ${v.smallestAsGood.timesSmaller.toFixed(2)}x smaller`
    : 'no compressed network scored as high';
  const half = v.bestAtHalf ? `; best compressed at half its size or less: ${f(v.bestAtHalf.shrunk)} with ${v.bestAtHalf.params} params (${at(v.bestAtHalf)})` : '';
  return `${best}; ${match}${half}; compressed beat the fixed network of its own size in ${v.compressedWins}/${v.runs} runs`;
}
