/**
 * Grow and shrink as a recorded run: an MLP that starts small, grows where its units stay alive and shrinks where
 * they die (no start width or upper bound to guess), then a fixed network of the width it found, trained as long
 * (what `topiary grow` does).
 */
import { OptionError, choiceOption, intOption, numberOption, shown, seedOption } from '../core/option-error.js';
import { type DatasetSource, datasetOf } from '../data/source.js';
import { ensureWritable } from '../io/writable.js';
import { type RunOptions, recordedCall } from '../store/record-run.js';
import { formatScore, validMetrics } from '../train/metrics.js';
import { growRun } from './grow-run.js';

export interface GrowCallOptions extends RunOptions {
  dataset: DatasetSource;
  layers?: number;
  startWidth?: number;
  timeBudgetSeconds?: number;
  /** A growing layer's width is multiplied by this (2). */
  growFactor?: number;
  /** net2net (copies of live units, function-preserving) or zero (new units with zero outgoing weights). */
  growMode?: 'net2net' | 'zero';
  lambda?: number;
  lr?: number;
  batchSize?: number;
  seed?: number;
  report?: string;
  plot?: string;
  out?: string;
}

export async function grow(o: GrowCallOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const seed = seedOption(o.seed);
  const opts = {
    seed, layers: intOption(o.layers, 'layers', 1, 1), startWidth: intOption(o.startWidth, 'startWidth', 8, 1),
    timeBudgetSeconds: numberOption(o.timeBudgetSeconds, 'timeBudgetSeconds', 60, (v) => v > 0, 'seconds > 0'),
    growth: { factor: numberOption(o.growFactor, 'growFactor', 2, (v) => v > 1, 'a number above 1'), mode: choiceOption(o.growMode, 'growMode', ['zero', 'net2net'] as const, 'net2net') },
    lambda: numberOption(o.lambda, 'lambda', 1e-3, (v) => v >= 0, 'a number >= 0'),
    lr: numberOption(o.lr, 'lr', 1e-3, (v) => v > 0, 'a positive number'),
    batchSize: intOption(o.batchSize, 'batchSize', 128, 1),
  };
  if (opts.layers > 4) throw new OptionError('layers', `got ${shown(opts.layers)}; expected 1 to 4 hidden layers`);
  for (const [path, option] of [[o.out, 'out'], [o.report, 'report'], [o.plot, 'plot']] as const) if (path !== undefined) ensureWritable(path, 'file', option);
  const data = datasetOf(o.dataset, seed, (w) => log(`warning: ${w}`));
  return recordedCall(o, `grow-${data.name}`, 'grow', { dataset: data.name, ...opts }, (recordEpoch) => {
    log(`growing ${opts.layers} hidden layer(s) from ${opts.startWidth} units on ${data.name}, ${opts.timeBudgetSeconds}s budget`);
    return growRun(data, {
      ...opts, report: o.report, plot: o.plot, out: o.out,
      onEpoch: (e) => {
        const grew = e.grew.map((g) => ` grew layer ${g.layer + 1} ${g.from}→${g.to}`).join('');
        log(`epoch ${String(e.epoch).padStart(3)}  widths ${e.widths.join('-')}  loss ${e.loss.toFixed(4)}  ${formatScore(e.val)}  ${e.elapsed.toFixed(1)}s${grew}`);
        recordEpoch(e.epoch, { 'train.loss': e.loss, lambda: e.lambda, ...validMetrics(e.val), ...Object.fromEntries(e.widths.map((s, i) => [`size.${i + 1}`, s])) });
      },
      onDone: (r) => log(`grew and shrank to ${r.finalArch}: ${formatScore(r.shrunkTest)}   fixed-size ${r.finalArch}, same time: ${formatScore(r.fixedTest)}`),
    });
  });
}
