/**
 * The journal's shrinking grid as a library call: λ values × depths × seeds × datasets, each a compress run and a
 * fixed-size retrain at equal time, every one recorded; plots of final size vs λ and accuracy vs size (shrink vs
 * fixed), and per dataset a verdict on whether shrinking beat training the smaller network directly.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError, shown, intOption, numberOption, numberListOption } from '../core/option-error.js';
import { prepare } from '../data/prepare.js';
import { datasetOf, ioSizes } from '../data/source.js';
import { ensureWritable } from '../io/writable.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { lineChart } from '../report/svg-chart.js';
import { type RunOptions, recordRun } from '../store/record-run.js';
import { headlineScore } from '../train/metric-vocabulary.js';
import { compressAndCompare } from './compare.js';
import { DEFAULT_COMPRESS, JOURNAL_START_WIDTHS, switchedMlp } from './compress.js';
import { type GridVerdict, gridVerdict } from './grid-verdict.js';
import { type ShrinkSettingsOptions, shrinkSettings } from './shrink-settings.js';

export interface ShrinkStudyOptions extends Omit<RunOptions, 'experiment'>, ShrinkSettingsOptions {
  datasets?: string[];
  dataDir?: string;
  lambdas?: number[];
  /** Hidden layers, 1 to 4, each starting at the journal's width for that depth (times `widthScale`). */
  depths?: number[];
  seeds?: number;
  /** Seeds firstSeed … firstSeed + seeds − 1, so more seeds can be added to a grid already run. */
  firstSeed?: number;
  timeBudgetSeconds?: number;
  widthScale?: number;
  /** The folder for the plots and summary.json. */
  out?: string;
}

interface GridRun { dataset: string; lambda: number; depth: number; seed: number; sizes: number[]; shrunkParams: number; shrunk: number; fixed: number; stoppedBy: string }


export async function shrinkStudy(o: ShrinkStudyOptions = {}): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const datasets = o.datasets ?? ['mnist', 'fashion-mnist', 'add10', 'airfoil', 'poker', 'adult'];
  if (!Array.isArray(datasets) || datasets.length === 0 || datasets.some((d) => typeof d !== 'string' || d === '')) throw new OptionError('datasets', `got ${shown(o.datasets)}; expected dataset names`);
  const lambdas = numberListOption(o.lambdas, 'lambdas', [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6], (l) => l >= 0, 'numbers >= 0');
  const depths = numberListOption(o.depths, 'depths', [1, 2, 3, 4], (d) => !!JOURNAL_START_WIDTHS[d], 'values in 1-4');
  const seeds = intOption(o.seeds, 'seeds', 2, 1), firstSeed = intOption(o.firstSeed, 'firstSeed', 0, 0);
  const budget = numberOption(o.timeBudgetSeconds, 'timeBudgetSeconds', 30, (v) => v > 0, 'seconds > 0');
  const scale = numberOption(o.widthScale, 'widthScale', 1, (v) => v > 0 && v <= 1, 'a number in (0, 1]');
  // λ shrinks per epoch (the journal's schedule); on small datasets epochs are a few batches, so 1 (no decay) lets switches die at all.
  const { lambdaDecay, lambdaDecayEvery, lrSchedule, timeSchedule, switchLr, settleFraction } = shrinkSettings(o, DEFAULT_COMPRESS.lr);
  const out = o.out ?? 'study-shrink';
  ensureWritable(out, 'dir', 'out');
  const runs: GridRun[] = [];
  for (const name of datasets) {
    const data = datasetOf({ name, dataDir: o.dataDir }, 0);
    const { inSize, outSize } = ioSizes(data);
    for (const depth of depths) for (const lambda of lambdas) for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const prep = prepare(data, { seed });
      const width = Math.max(1, Math.round(JOURNAL_START_WIDTHS[depth] * scale));
      const params = { dataset: name, lambda, lambdaDecay, lambdaDecayEvery, lrSchedule, switchLr, settleFraction, depth, seed, width, budget };
      await recordRun(o.store, `study-shrink-${name}`, 'shrink', params, () => {
        const model = switchedMlp(data.inputShape, new Array(depth).fill(width), outSize, seed, switchLr);
        const { compressed: r, shrunk, shrunkTest, fixedTest } = compressAndCompare(model, prep,
          { ...DEFAULT_COMPRESS, epochs: 100000, seed, lambda, lambdaDecay, lambdaDecayEvery, timeBudgetSeconds: budget, timeSchedule, settleFraction },
          (sizes) => buildModel(parseArch(`mlp:${inSize}-${sizes.join('-')}-${outSize}`, data.inputShape), seed));
        const run: GridRun = { dataset: name, lambda, depth, seed, sizes: r.sizes, shrunkParams: shrunk.parameterCount(), shrunk: headlineScore(shrunkTest), fixed: headlineScore(fixedTest), stoppedBy: r.stoppedBy };
        runs.push(run);
        if (r.stoppedBy === 'collapse') log(`  collapsed to ${r.sizes.join('-')} (λ ${lambda} too strong); report kept`);
        log(`${name} depth ${depth} λ ${lambda} seed ${seed}: ${width} → ${r.sizes.join('-')} (${run.shrunkParams} params)  shrunk ${run.shrunk.toFixed(4)}  fixed same size+time ${run.fixed.toFixed(4)}`);
        return { summary: { ...run } };
      });
    }
  }
  const plots: string[] = [];
  const verdicts: Record<string, GridVerdict | null> = {};
  for (const name of datasets) {
    const rs = runs.filter((r) => r.dataset === name);
    const v = verdicts[name] = gridVerdict(rs.map((r) => ({ ...r, params: r.shrunkParams })));
    if (v) log(describeVerdict(name, v));
    plots.push(...writeGridPlots(out, name, depths, rs));
  }
  const summary = { datasets, lambdas, lambdaDecay, lambdaDecayEvery, lrSchedule, switchLr, settleFraction, depths, seeds, firstSeed, budget, runs, verdicts, plots };
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1));
  for (const f of plots) log(`plot ${f}`);
  return summary;
}

function writeGridPlots(out: string, name: string, depths: number[], rs: GridRun[]): string[] {
  const byDepth = depths.map((d) => rs.filter((r) => r.depth === d));
  const f1 = join(out, `${name}-size-vs-lambda.svg`), f2 = join(out, `${name}-accuracy-vs-size.svg`);
  writeFileSync(f1, lineChart(byDepth.map((g, i) => ({ name: `${depths[i]} hidden layer(s)`, x: g.map((r) => r.lambda), y: g.map((r) => r.shrunkParams), points: true })),
    { title: `${name}: final size vs λ`, xLabel: 'λ', yLabel: 'parameters after shrinking', logX: true }));
  const sorted = [...rs].sort((a, b) => a.shrunkParams - b.shrunkParams);
  writeFileSync(f2, lineChart([
    { name: 'compressed (shrink)', x: sorted.map((r) => r.shrunkParams), y: sorted.map((r) => r.shrunk), points: true, line: false },
    { name: 'fixed, same size and time', x: sorted.map((r) => r.shrunkParams), y: sorted.map((r) => r.fixed), points: true, line: false },
  ], { title: `${name}: test metric vs size, shrink vs fixed`, xLabel: 'parameters', yLabel: 'test accuracy (classification) or R²', logX: true }));
  return [f1, f2];
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
