/**
 * Training for a number of iterations (mini-batch steps) with the validation
 * loss checked every few iterations, as the lottery-ticket experiments measure
 * it: the test score at the iteration of the lowest validation loss (early
 * stopping's choice) and that iteration, while the model ends with its final
 * weights (what the next round prunes).
 */
import type { Prepared } from '../data/prepare.js';
import type { Module } from '../nn/module.js';
import { Adam } from '../optim/adam.js';
import { trainEpoch } from '../train/epoch.js';
import { type Metrics, evaluate } from '../train/metrics.js';

export interface IterationOptions {
  iterations: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Check the validation loss every this many iterations (and after the last). */
  evalEvery: number;
  /** Called after iteration `it` (1-based), e.g. to keep the weights of an early iteration for rewinding. */
  afterIteration?: (it: number) => void;
}

export interface IterationResult {
  /** Test metrics of the weights at the lowest validation loss. */
  test: Metrics;
  bestValidIteration: number;
  bestValidLoss: number;
  /** Test metrics of the final weights. */
  finalTest: Metrics;
}

const snapshot = (model: Module): Float32Array[] => model.parameters().map((p) => Float32Array.from(p.data));
const restore = (model: Module, s: Float32Array[]): void => model.parameters().forEach((p, i) => p.data.set(s[i]));

export function trainForIterations(model: Module, prep: Prepared, o: IterationOptions): IterationResult {
  if (!(Number.isInteger(o.iterations) && o.iterations >= 1)) throw new Error(`iterations: got ${o.iterations}; expected a positive integer`);
  const opt = new Adam(model.trainableParameters(), { lr: o.lr });
  let it = 0, bestLoss = Infinity, bestIt = 0, best: Float32Array[] | null = null;
  const check = () => {
    const v = evaluate(model, prep.validation, prep);
    model.train();
    if (v.loss < bestLoss) { bestLoss = v.loss; bestIt = it; best = snapshot(model); }
  };
  for (let epoch = 0; it < o.iterations; epoch++) {
    trainEpoch(model, prep, {
      optimizer: opt, batchSize: o.batchSize, seed: o.seed, epoch,
      afterBatch: () => {
        it++;
        o.afterIteration?.(it);
        if (it % o.evalEvery === 0 || it === o.iterations) check();
        return it >= o.iterations;
      },
    });
  }
  const finalTest = evaluate(model, prep.test, prep);
  const final = snapshot(model);
  restore(model, best ?? final);
  const test = evaluate(model, prep.test, prep);
  restore(model, final);
  model.train();
  return { test, bestValidIteration: bestIt, bestValidLoss: bestLoss, finalTest };
}
