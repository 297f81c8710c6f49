/**
 * What a weight-sharing strategy works with: the supernet, the two halves of the training data (one trains the
 * network weights, the other scores architectures and trains α), the two optimizers, and the steps every strategy
 * is made of.
 */
import { backward, noGrad, zeroGrad } from '../core/autograd.js';
import type { Rng } from '../core/random.js';
import { type Tensor, tidy } from '../core/tensor.js';
import type { Split } from '../data/dataset.js';
import { type Prepared, batches } from '../data/prepare.js';
import type { Parameter } from '../nn/parameter.js';
import type { Optimizer } from '../optim/optimizer.js';
import { countArgmaxHits, taskLoss } from '../train/metrics.js';
import type { EdgeMix } from './edge-mix.js';
import type { Supernet } from './supernet.js';

export interface Batch { x: Tensor; labels?: Int32Array; targets?: Tensor }

export interface OneShotContext {
  readonly supernet: Supernet;
  readonly data: Prepared;
  /** The half that trains the network weights, and the half that scores architectures (and trains α). */
  readonly weightHalf: Split;
  readonly archHalf: Split;
  readonly weightOptimizer: Optimizer;
  /** null when the strategy does not learn α. */
  readonly archOptimizer: Optimizer | null;
  readonly rng: Rng;
  readonly epochs: number;
  readonly batchSize: number;
  /** The epoch being run (0-based). */
  epoch: number;
  /** Progress lines of a strategy's own phases (e.g. deciding edges after the supernet epochs). */
  readonly log?: (line: string) => void;
}

/** Runs fn with only `trainable` tracking gradients among `all`, so a step pays for no gradient it throws away. */
export function withGradientsFor<T>(all: readonly Parameter[], trainable: ReadonlySet<Parameter>, fn: () => T): T {
  const before = all.map((p) => p.requiresGrad);
  all.forEach((p) => { p.requiresGrad = trainable.has(p); });
  try { return fn(); } finally { all.forEach((p, i) => { p.requiresGrad = before[i]; }); }
}

export function supernetLoss(ctx: OneShotContext, batch: Batch): Tensor {
  return taskLoss(ctx.data, ctx.supernet.forward(batch.x), batch.labels, batch.targets);
}

/** One optimizer step of the network weights on a batch under `mix`; returns the loss. */
export function weightStep(ctx: OneShotContext, batch: Batch, mix: EdgeMix): number {
  ctx.supernet.mix = mix;
  const weights = ctx.supernet.weights();
  return withGradientsFor([...weights, ctx.supernet.alpha], new Set(weights), () => tidy(() => {
    ctx.weightOptimizer.zeroGrad();
    const loss = supernetLoss(ctx, batch);
    backward(loss);
    ctx.weightOptimizer.step();
    return loss.item();
  }));
}

/** d(loss)/dα on a batch under `mix`, left in α.grad (zeroed first); returns the loss. */
export function archGradient(ctx: OneShotContext, batch: Batch, mix: EdgeMix): number {
  const { supernet } = ctx;
  supernet.mix = mix;
  return withGradientsFor([...supernet.weights(), supernet.alpha], new Set([supernet.alpha]), () => tidy(() => {
    zeroGrad([supernet.alpha]);
    const loss = supernetLoss(ctx, batch);
    // A sampled path of zero ops alone does not depend on α: its gradient is zero.
    if (loss.requiresGrad) backward(loss);
    return loss.item();
  }));
}

/** One optimizer step of α on a batch under `mix`; returns the loss. */
export function archStep(ctx: OneShotContext, batch: Batch, mix: EdgeMix): number {
  if (!ctx.archOptimizer) throw new Error('archStep: this search has no optimizer for α');
  const loss = archGradient(ctx, batch, mix);
  ctx.archOptimizer.step();
  checkAlpha(ctx);
  return loss;
}

/** A NaN or infinite α would derive a garbage cell without a word: stop with what went wrong instead. */
export function checkAlpha(ctx: OneShotContext): void {
  const a = ctx.supernet.alpha.data;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      const ops = ctx.supernet.alpha.shape[1];
      throw new Error(`architecture weights α became ${a[i]} at edge ${Math.floor(i / ops)}, op ${ctx.supernet.space.ops[i % ops]} in epoch ${ctx.epoch + 1}; the search diverged: lower the α learning rate or the weight learning rate`);
    }
  }
}

/** Pairs of (weight batch, arch batch) for one epoch, full batches only, the same for a given (seed, epoch). */
export function* epochBatches(ctx: OneShotContext): Generator<[Batch, Batch]> {
  const shape = ctx.data.dataset.inputShape, scale = ctx.data.targetScale;
  const w = batches(ctx.weightHalf, shape, ctx.batchSize, ctx.rng.fork(), scale);
  const a = batches(ctx.archHalf, shape, ctx.batchSize, ctx.rng.fork(), scale);
  for (;;) {
    const nw = w.next(), na = a.next();
    if (nw.done || na.done || nw.value.x.shape[0] < ctx.batchSize || na.value.x.shape[0] < ctx.batchSize) {
      for (const b of [nw, na]) if (!b.done) { b.value.x.dispose(); b.value.targets?.dispose(); }
      return;
    }
    try { yield [nw.value, na.value]; } finally {
      for (const b of [nw.value, na.value]) { b.x.dispose(); b.targets?.dispose(); }
    }
  }
}

/**
 * The supernet's score under `mix` on (at most `limit` rows of) a split: accuracy in % for classification, −MSE
 * for regression, so higher is better. BatchNorm uses the batch's statistics: running averages gathered over many
 * different sub-networks describe none of them.
 */
export function supernetScore(ctx: OneShotContext, split: Split, mix: EdgeMix, limit = split.n, batchSize = 250): number {
  const { supernet } = ctx;
  supernet.mix = mix;
  supernet.train();
  const rows = Math.min(limit, split.n);
  let hits = 0, squared = 0, seen = 0;
  noGrad(() => {
    for (const b of batches(split, ctx.data.dataset.inputShape, batchSize, null, ctx.data.targetScale)) {
      if (seen >= rows) { b.x.dispose(); b.targets?.dispose(); continue; }
      tidy(() => {
        const out = supernet.forward(b.x);
        if (b.labels) hits += countArgmaxHits(out.data, b.labels);
        else if (b.targets) for (let i = 0; i < b.targets.size; i++) squared += (out.data[i] - b.targets.data[i]) ** 2;
      });
      seen += b.x.shape[0];
      b.x.dispose(); b.targets?.dispose();
    }
  });
  return ctx.data.dataset.task === 'classification' ? (100 * hits) / seen : -squared / seen;
}
