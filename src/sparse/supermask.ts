/**
 * Supermasks: the weights stay at their random initial values and only a mask
 * over them is learned (Zhou et al. 2019; Ramanujan et al. 2020). Each weight
 * has a score; the layer computes with W ⊙ M(scores), and the gradient reaches
 * the scores straight through the mask (as if M were the identity).
 * - zhou: M is sampled, each weight kept with probability sigmoid(score)
 *   (gradient times the sigmoid's slope); at evaluation a weight is kept when
 *   that probability is above one half.
 * - edge-popup: M keeps the `density` fraction of weights with the largest
 *   |score| in each layer.
 * Weights start from Kaiming's normal initialisation, or as signed constants
 * (±Kaiming's standard deviation), which suit masks best.
 */
import { record } from '../core/autograd.js';
import { Rng } from '../core/random.js';
import { Tensor } from '../core/tensor.js';
import { Affine } from '../nn/affine.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import { Sequential } from '../nn/sequential.js';
import type { Prepared } from '../data/prepare.js';
import { Adam } from '../optim/adam.js';
import { cosine } from '../optim/schedules.js';
import { SGD } from '../optim/sgd.js';
import { type EpochLog, fit } from '../train/fit.js';
import { type Metrics, type TrainingSettings, evaluate } from '../train/metrics.js';
import { prunableWeights, remainingFraction } from './magnitude.js';

export const SUPERMASK_METHODS = ['zhou', 'edge-popup'] as const;
export type SupermaskMethod = (typeof SUPERMASK_METHODS)[number];
export const WEIGHT_INITS = ['signed-constant', 'kaiming'] as const;
export type WeightInit = (typeof WEIGHT_INITS)[number];

/** The k-th smallest value (0-based) of `values`, by selection in place (no full sort: this runs every step). */
function kthSmallest(values: Float32Array, k: number): number {
  let lo = 0, hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) { const t = values[i]; values[i] = values[j]; values[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

/** W ⊙ M with the gradient passed straight through M to the scores, times `slope` (the sigmoid's for sampled masks, the sign for |score| ranking). */
function maskedWeight(weight: Parameter, scores: Parameter, mask: Float32Array, slope: Float32Array): Tensor {
  const w = weight.data, out = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = w[i] * mask[i];
  return record(new Tensor(out, [...weight.shape]), 'supermask', [scores], (g) => {
    const gs = new Float32Array(w.length);
    for (let i = 0; i < w.length; i++) gs[i] = g.data[i] * w[i] * slope[i];
    return [new Tensor(gs, [...scores.shape])];
  });
}

/** A dense or convolution layer whose frozen weight is masked by learned scores. */
export class SupermaskLayer extends Module {
  readonly scores: Parameter;
  private readonly rng: Rng;

  constructor(readonly inner: Affine, readonly method: SupermaskMethod, readonly density: number, seed: number) {
    super();
    this.rng = new Rng(seed);
    const n = inner.weight.size, bound = Math.sqrt(6 / inner.fanIn);
    // edge-popup ranks |score| (Kaiming-uniform start); zhou starts every weight at probability sigmoid(s) near 1/2.
    const start = method === 'edge-popup' ? this.rng.uniform([n], -bound, bound).data : this.rng.uniform([n], -0.1, 0.1).data;
    this.scores = new Parameter(Float32Array.from(start), [...inner.weight.shape], 'scores');
  }

  override ownParameters(): Parameter[] { return [this.scores]; }

  /** The mask the layer computes with now: sampled while training (zhou), deterministic otherwise. */
  mask(): { mask: Float32Array; slope: Float32Array } {
    const s = this.scores.data, mask = new Float32Array(s.length);
    if (this.method === 'edge-popup') {
      // Plain loops: typed-array from() with a mapping function is many times slower, and this runs every step.
      const abs = new Float32Array(s.length), sign = new Float32Array(s.length);
      for (let i = 0; i < s.length; i++) { abs[i] = Math.abs(s[i]); sign[i] = s[i] > 0 ? 1 : s[i] < 0 ? -1 : 0; }
      const drop = s.length - Math.max(1, Math.round(this.density * s.length));
      const threshold = drop > 0 ? kthSmallest(abs, drop - 1) : -Infinity;
      // Ties at the threshold: keep the first ones until the count is reached, so the density is exact.
      let room = s.length - drop;
      for (let i = 0; i < s.length; i++) if (Math.abs(s[i]) > threshold) { mask[i] = 1; room--; }
      for (let i = 0; i < s.length && room > 0; i++) if (mask[i] === 0 && Math.abs(s[i]) === threshold) { mask[i] = 1; room--; }
      // The mask ranks |score|: the gradient reaches the score through the absolute value, times its sign.
      return { mask, slope: sign };
    }
    const slope = new Float32Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const p = 1 / (1 + Math.exp(-s[i]));
      slope[i] = p * (1 - p);
      mask[i] = this.training ? (this.rng.next() < p ? 1 : 0) : p > 0.5 ? 1 : 0;
    }
    return { mask, slope };
  }

  forward(x: Tensor): Tensor {
    const { mask, slope } = this.mask();
    return this.inner.forwardWith(x, maskedWeight(this.inner.weight, this.scores, mask, slope));
  }
}

/** Replaces the weights of every dense and convolution layer of `model` by frozen random values of the chosen kind (biases zero). */
export function randomiseWeights(model: Sequential, init: WeightInit, seed: number): void {
  const rng = new Rng(seed);
  for (const l of model.layers) {
    if (!(l instanceof Affine)) continue;
    const std = Math.sqrt(2 / l.fanIn), w = l.weight.data;
    const noise = rng.normal([w.length]).data;
    for (let i = 0; i < w.length; i++) w[i] = init === 'signed-constant' ? (noise[i] < 0 ? -std : std) : noise[i] * std;
    l.bias?.data.fill(0);
  }
}

/** Parameters a supermask froze (trainable before it): the ones the selected model gives back to training. */
const frozenBySupermask = new WeakSet<Parameter>();

/** The model with a supermask on every dense and convolution layer; only the scores are trainable. */
export function supermaskModel(model: Sequential, method: SupermaskMethod, density: number, seed: number): Sequential {
  if (method === 'edge-popup' && !(density > 0 && density <= 1)) throw new Error(`density: got ${density}; expected a fraction in (0, 1] of the weights each layer keeps`);
  for (const p of model.trainableParameters()) { p.requiresGrad = false; frozenBySupermask.add(p); }
  return new Sequential(model.layers.map((l, i) => (l instanceof Affine ? new SupermaskLayer(l, method, density, seed * 7919 + i) : l)));
}

/**
 * The plain model the supermask selects: the original layers, each weight masked (pruned entries held at zero), so
 * it is saved, evaluated and exported like any pruned model.
 */
export function maskedModelOf(trained: Sequential): Sequential {
  const layers = trained.layers.map((l) => {
    if (!(l instanceof SupermaskLayer)) return l;
    const eval_ = l.training;
    l.training = false;
    const { mask } = l.mask();
    l.training = eval_;
    l.inner.weight.setMask(mask);
    return l.inner;
  });
  // Trainable again (for fine-tuning or export) are exactly those the supermask froze: running statistics stay as they were.
  for (const p of layers.flatMap((l) => l.parameters())) if (frozenBySupermask.has(p)) p.requiresGrad = true;
  return new Sequential(layers);
}

export interface SupermaskOptions extends TrainingSettings {
  /** A freshly built model of the architecture (its weights are replaced by `init`). */
  model: Sequential;
  prep: Prepared;
  method: SupermaskMethod;
  /** edge-popup: the fraction of each layer's weights kept. */
  density: number;
  init: WeightInit;
  onEpoch?: (e: EpochLog) => void;
}

export interface SupermaskResult {
  /** The selected subnetwork as a plain pruned model (frozen random weights, masks set). */
  model: Sequential;
  test: Metrics;
  /** Fraction of the weights the mask keeps. */
  density: number;
  seconds: number;
}

/** Learns a mask over frozen random weights; edge-popup with SGD (momentum 0.9), zhou with Adam; the learning rate anneals by a cosine. */
export function trainSupermask(o: SupermaskOptions): SupermaskResult {
  const start = performance.now();
  randomiseWeights(o.model, o.init, o.seed);
  const masked = supermaskModel(o.model, o.method, o.density, o.seed);
  const scores = masked.trainableParameters();
  const optimizer = o.method === 'edge-popup' ? new SGD(scores, { lr: o.lr, momentum: 0.9 }) : new Adam(scores, { lr: o.lr });
  fit(masked, o.prep, { epochs: o.epochs, batchSize: o.batchSize, optimizer, seed: o.seed, schedule: cosine(o.lr, o.epochs), callbacks: { onEpochEnd: o.onEpoch } });
  const model = maskedModelOf(masked);
  const weights = prunableWeights(model);
  return { model, test: evaluate(model, o.prep.test, o.prep), density: remainingFraction(weights), seconds: (performance.now() - start) / 1000 };
}
