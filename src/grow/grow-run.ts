/**
 * `growAndShrink` as a whole run on a dataset: prepare the data, grow and shrink, and return the report —
 * widths per epoch, growth events, both test scores — writing the report, the width chart and the folded
 * model where asked. What `topiary grow` runs; a TypeScript caller gets the same.
 */
import type { Dataset } from '../data/dataset.js';
import { prepare, preprocessingOf } from '../data/prepare.js';
import { writeFileAtomic } from '../io/atomic.js';
import { saveModel } from '../io/model-file.js';
import { testScores } from '../train/metrics.js';
import { type GrowOptions, type GrowResult, growAndShrink } from './grow-and-shrink.js';
import { growthChart } from './growth-chart.js';

export interface GrowRunOptions extends GrowOptions {
  /** JSON report file. */
  report?: string;
  /** SVG chart of the widths over time. */
  plot?: string;
  /** Model-file stem for the grown and shrunk network (switches folded). */
  out?: string;
  /** Called once the run has finished, before the files are written (e.g. to print the scores). */
  onDone?(r: GrowResult): void;
}

export function growRun(data: Dataset, o: GrowRunOptions): Record<string, unknown> {
  const prep = prepare(data, { seed: o.seed });
  const r = growAndShrink(prep, o);
  o.onDone?.(r);
  const report: Record<string, unknown> = {
    dataset: data.name, startWidths: r.startWidths, finalArch: r.finalArch, finalWidths: r.compressed.sizes, stoppedBy: r.compressed.stoppedBy,
    seconds: Number(r.compressed.seconds.toFixed(3)), params: r.shrunk.parameterCount(), ...testScores(r.shrunkTest), growth: r.events,
    fixed: { arch: r.finalArch, params: r.fixed.parameterCount(), ...testScores(r.fixedTest) },
    history: r.history.map((h) => ({ epoch: h.epoch, widths: h.widths, loss: h.loss, lambda: h.lambda, val: h.val, elapsed: h.elapsed })),
  };
  if (o.report !== undefined) writeFileAtomic(o.report, JSON.stringify(report, null, 1));
  if (o.plot !== undefined) writeFileAtomic(o.plot, growthChart(r.history, r.startWidths, `grow and shrink on ${data.name}`));
  if (o.out !== undefined) report.model = saveModel(r.shrunk, data.inputShape, o.out, { dataset: data.name, seed: o.seed, grownFrom: r.startWidths, preprocessing: preprocessingOf(prep) });
  return report;
}
