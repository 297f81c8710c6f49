/** One epoch of shuffled mini-batch training: the loop fit, compress training and the evolve loop share. */
import { backward } from '../core/autograd.js';
import { add } from '../core/ops/elementwise.js';
import { Rng } from '../core/random.js';
import { type Tensor, tidy } from '../core/tensor.js';
import { batches, type Prepared } from '../data/prepare.js';
import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { taskLoss } from './metrics.js';

export interface EpochOptions {
  optimizer: Optimizer;
  batchSize: number;
  seed: number;
  epoch: number;
  /** Extra terms added to the loss being minimised (penalties); the reported loss is the task loss alone. */
  penalty?: () => Tensor | null;
  /** Runs after each optimizer step, inside the batch's scope. */
  afterStep?: () => void;
  /** Runs after each batch with its index and task loss; returning true ends the epoch early. */
  afterBatch?: (batch: number, loss: number) => boolean | void;
}

/** Trains `model` for one epoch; returns the mean task loss over the batches seen and whether it stopped early. */
export function trainEpoch(model: Module, data: Prepared, o: EpochOptions): { loss: number; stoppedEarly: boolean } {
  // The shuffle depends only on (seed, epoch), so a resumed run sees the same batches.
  const rng = new Rng((o.seed * 1000003 + o.epoch) | 0);
  let lossSum = 0, count = 0, b = 0, stoppedEarly = false;
  model.train();
  for (const batch of batches(data.train, data.dataset.inputShape, o.batchSize, rng, data.targetScale)) {
    const loss = tidy(() => {
      o.optimizer.zeroGrad();
      const task = taskLoss(data, model.forward(batch.x), batch.labels, batch.targets);
      const extra = o.penalty?.() ?? null;
      backward(extra ? add(task, extra) : task);
      o.optimizer.step();
      o.afterStep?.();
      return task.item();
    });
    const n = batch.x.shape[0];
    batch.x.dispose();
    batch.targets?.dispose();
    lossSum += loss * n;
    count += n;
    if (o.afterBatch?.(b++, loss) === true) { stoppedEarly = true; break; }
  }
  o.optimizer.zeroGrad();
  const loss = lossSum / Math.max(1, count);
  // A non-finite loss means the weights are garbage from here on: stop rather than train, save or report them.
  if (!Number.isFinite(loss)) {
    const lr = o.optimizer.lr;
    throw new Error(`training diverged: the loss is ${loss} in epoch ${o.epoch + 1} (learning rate ${lr}); lower the learning rate (e.g. --lr ${Number((lr / 10).toPrecision(3))}) or check the data for extreme values`);
  }
  return { loss, stoppedEarly };
}
