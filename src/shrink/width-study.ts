/**
 * The seed journal's width experiment as a library call: one hidden layer at many widths and seeds; per run the
 * test accuracy and the activation-variance diagnostics (normality, total variance, dead neurons), each run
 * recorded; plots of both against width.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError, intOption, numberOption, numberListOption } from '../core/option-error.js';
import { prepare } from '../data/prepare.js';
import { type DatasetSource, datasetOf, ioSizes } from '../data/source.js';
import { collectActivations } from '../diagnose/collect.js';
import { layerReport } from '../diagnose/layer-report.js';
import { ensureWritable } from '../io/writable.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { Adam } from '../optim/adam.js';
import { cosine } from '../optim/schedules.js';
import { mean } from '../report/aggregate.js';
import { lineChart } from '../report/svg-chart.js';
import { type RunOptions, recordRun } from '../store/record-run.js';
import { fit } from '../train/fit.js';
import { evaluate } from '../train/metrics.js';

export interface WidthStudyOptions extends Omit<RunOptions, 'experiment'> {
  dataset: DatasetSource;
  widths?: number[];
  seeds?: number;
  epochs?: number;
  /** Test examples whose activations are collected per run. */
  samples?: number;
  /** The folder for the plots and summary.json (default study-width-DATASET). */
  out?: string;
}

interface StudyRun { width: number; seed: number; testAccuracy: number; shapiroW: number | null; totalVariance: number; dead: number; deadBelowThreshold: number; variances: number[] }

/** Least-squares fit y = a + b·ln(x). */
export function logFit(x: number[], y: number[]): { a: number; b: number } {
  const lx = x.map(Math.log), mx = mean(lx), my = mean(y);
  let sxy = 0, sxx = 0;
  lx.forEach((v, i) => { sxy += (v - mx) * (y[i] - my); sxx += (v - mx) ** 2; });
  const b = sxx > 0 ? sxy / sxx : 0;
  return { a: my - b * mx, b };
}

export async function widthStudy(o: WidthStudyOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const widths = numberListOption(o.widths, 'widths', [16, 32, 64, 128, 256, 512, 1024, 2048, 4096], (w) => Number.isInteger(w) && w >= 1, 'positive integers');
  const seeds = intOption(o.seeds, 'seeds', 3, 1);
  const epochs = intOption(o.epochs, 'epochs', 5, 1);
  const samples = numberOption(o.samples, 'samples', 2000, (v) => Number.isInteger(v) && v >= 3, 'an integer >= 3');
  const data = datasetOf(o.dataset, 0, (w) => log(`warning: ${w}`));
  const name = data.name;
  const out = o.out ?? `study-width-${name}`;
  ensureWritable(out, 'dir', 'out');
  if (data.task !== 'classification') throw new OptionError('dataset', `${name} is a ${data.task} dataset; the width study needs classification (test accuracy)`);
  const { inSize } = ioSizes(data);
  const runs: StudyRun[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const prep = prepare(data, { seed });
    for (const width of widths) {
      await recordRun(o.store, `study-width-${name}`, 'study', { dataset: name, width, seed, epochs, samples }, () => {
        const model = buildModel(parseArch(`mlp:${inSize}-${width}-${data.classes}`, data.inputShape), seed);
        fit(model, prep, { epochs, batchSize: 128, optimizer: new Adam(model.trainableParameters(), { lr: 1e-3 }), seed, schedule: cosine(1e-3, epochs) });
        const test = evaluate(model, prep.test, prep);
        const [acts] = collectActivations(model, prep.test, data.inputShape, samples);
        const r = layerReport(acts.post, acts.samples, acts.neurons);
        const run: StudyRun = { width, seed, testAccuracy: test.accuracy!, shapiroW: 'error' in r.shapiro ? null : r.shapiro.w,
          totalVariance: r.totalVariance, dead: r.dead, deadBelowThreshold: r.deadBelowThreshold, variances: r.variances };
        runs.push(run);
        log(`width ${String(width).padStart(5)} seed ${seed}: test acc ${(run.testAccuracy * 100).toFixed(2)}%  W ${run.shapiroW?.toFixed(4) ?? 'n/a'}  total var ${run.totalVariance.toFixed(3)}  dead ${run.dead} (<1e-8: ${run.deadBelowThreshold})`);
        const { variances: _v, ...summary } = run;
        return { summary };
      });
    }
  }
  const perWidth = widths.map((width) => {
    const rs = runs.filter((r) => r.width === width);
    const ws = rs.map((r) => r.shapiroW).filter((w): w is number => w !== null);
    return { width, testAccuracy: mean(rs.map((r) => r.testAccuracy)), shapiroW: ws.length ? mean(ws) : null,
      totalVariance: mean(rs.map((r) => r.totalVariance)), dead: mean(rs.map((r) => r.dead)), deadBelowThreshold: mean(rs.map((r) => r.deadBelowThreshold)) };
  });
  const argmax = (key: 'testAccuracy' | 'shapiroW') => perWidth.reduce((b, r) => ((r[key] ?? -Infinity) > (b[key] ?? -Infinity) ? r : b)).width;
  const fitTv = logFit(widths, perWidth.map((r) => r.totalVariance));
  const plots = writePlots(out, name, widths, perWidth, runs.filter((r) => r.seed === 0), fitTv);
  for (const f of plots) log(`plot ${f}`);
  const summary = { dataset: name, widths, seeds, epochs, perWidth, widthWithBestAccuracy: argmax('testAccuracy'), widthWithMostNormalVariances: argmax('shapiroW'),
    totalVarianceLogFit: fitTv, plots };
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1));
  return summary;
}

function writePlots(out: string, name: string, widths: number[], perWidth: { width: number; testAccuracy: number; shapiroW: number | null; totalVariance: number; dead: number; deadBelowThreshold: number }[],
  seed0: StudyRun[], fitTv: { a: number; b: number }): string[] {
  const files: string[] = [];
  const save = (file: string, svg: string) => { const f = join(out, file); writeFileSync(f, svg); files.push(f); };
  // Variance distributions: one normalised histogram of log10(variance) per width, on shared bins (zeros counted apart).
  const logs = seed0.flatMap((r) => r.variances.filter((v) => v > 0).map(Math.log10));
  const lo = Math.min(...logs), hi = Math.max(...logs), bins = 40, step = (hi - lo) / bins || 1;
  save('variance-distributions.svg', lineChart(seed0.map((r) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of r.variances) if (v > 0) c[Math.min(bins - 1, Math.floor((Math.log10(v) - lo) / step))]++;
    const zeros = r.variances.filter((v) => v === 0).length;
    return { name: `${r.width} neurons${zeros ? ` (${zeros} dead)` : ''}`, x: c.map((_, i) => lo + (i + 0.5) * step), y: c.map((k) => k / r.variances.length) };
  }), { title: `${name}: distribution of per-neuron activation variance (seed 0)`, xLabel: 'log10(activation variance)', yLabel: 'fraction of neurons' }));
  save('shapiro-and-accuracy.svg', lineChart([
    { name: 'Shapiro-Wilk W of variances', x: widths, y: perWidth.map((r) => r.shapiroW ?? Number.NaN), points: true },
    { name: 'test accuracy', x: widths, y: perWidth.map((r) => r.testAccuracy), points: true, dashed: true, rightAxis: true },
  ], { title: `${name}: normality of variances vs accuracy`, xLabel: 'hidden width', yLabel: 'W', y2Label: 'test accuracy', logX: true }));
  save('total-variance.svg', lineChart([
    { name: 'total variance', x: widths, y: perWidth.map((r) => r.totalVariance), points: true },
    { name: `fit ${fitTv.a.toFixed(2)} + ${fitTv.b.toFixed(2)}·ln(width)`, x: widths, y: widths.map((w) => fitTv.a + fitTv.b * Math.log(w)), dashed: true },
  ], { title: `${name}: total activation variance vs width`, xLabel: 'hidden width', yLabel: 'sum of per-neuron variances', logX: true }));
  save('dead-neurons.svg', lineChart([
    { name: 'dead (variance 0)', x: widths, y: perWidth.map((r) => r.dead), points: true },
    { name: 'variance < 1e-8', x: widths, y: perWidth.map((r) => r.deadBelowThreshold), points: true, dashed: true },
  ], { title: `${name}: dead neurons vs width`, xLabel: 'hidden width', yLabel: 'neurons (mean over seeds)', logX: true }));
  return files;
}
