/**
 * The shrink experiment: compress training of a switched network, folded into
 * a plain smaller one, against a network of the same final size trained from
 * scratch for the same time (same batch size, learning rate and schedule).
 * Both are scored on the test split. Used by `topiary shrink` and the
 * `study shrink` grid.
 */
import type { Prepared } from '../data/prepare.js';
import type { Sequential } from '../nn/sequential.js';
import { Adam } from '../optim/adam.js';
import { fit } from '../train/fit.js';
import { type Metrics, evaluate } from '../train/metrics.js';
import { type CompressOptions, type CompressResult, compressTrain } from './compress.js';
import { foldSwitches } from './fold.js';

export interface ShrinkComparison {
  compressed: CompressResult;
  /** The compressed network with its switches folded away. */
  shrunk: Sequential;
  shrunkTest: Metrics;
  /** The fixed network of the final sizes, trained for `compressed.seconds`. */
  fixed: Sequential;
  fixedTest: Metrics;
}

export function compressAndCompare(model: Sequential, data: Prepared, opts: CompressOptions, fixedOfSizes: (sizes: number[]) => Sequential,
  onFixedStart?: (compressed: CompressResult) => void): ShrinkComparison {
  const compressed = compressTrain(model, data, opts);
  const shrunk = foldSwitches(model);
  const shrunkTest = evaluate(shrunk, data.test, data);
  onFixedStart?.(compressed);
  const fixed = fixedOfSizes(compressed.sizes);
  fit(fixed, data, { epochs: 100000, batchSize: opts.batchSize, optimizer: new Adam(fixed.trainableParameters(), { lr: opts.lr }), seed: opts.seed,
    timeBudgetSeconds: compressed.seconds, timeSchedule: opts.timeSchedule });
  return { compressed, shrunk, shrunkTest, fixed, fixedTest: evaluate(fixed, data.test, data) };
}
