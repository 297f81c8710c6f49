/** Parameter-free layers: pooling, flatten, activation, dropout. */
import { avgPool2d, maxPool2d } from '../core/ops/conv.js';
import { mul, unary } from '../core/ops/elementwise.js';
import { flatten } from '../core/ops/shape.js';
import type { UnaryOp } from '../core/kernel.js';
import { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { type InferenceOp, type LayerKind, type LayerTraits, PASSES, type UnitFlow } from './layer-traits.js';
import { Module } from './module.js';

export interface PoolSpec<T extends 'maxpool2d' | 'avgpool2d'> { type: T; kernel: number; stride: number; padding: number }
export interface FlattenSpec { type: 'flatten' }
export interface ActivationSpec { type: 'activation'; op: UnaryOp; alpha: number }
export interface DropoutSpec { type: 'dropout'; p: number }

abstract class Pool2d<T extends 'maxpool2d' | 'avgpool2d'> extends Module implements LayerTraits<PoolSpec<T>> {
  abstract readonly unitFlow: UnitFlow;
  protected abstract readonly type: T;
  constructor(readonly kernelSize: number, readonly stride = kernelSize, readonly padding = 0) { super(); }
  toSpec(): PoolSpec<T> { return { type: this.type, kernel: this.kernelSize, stride: this.stride, padding: this.padding }; }
  inference(): InferenceOp[] { return [{ kind: 'pool', mode: this.type === 'maxpool2d' ? 'max' : 'avg', kernel: this.kernelSize, stride: this.stride, padding: this.padding }]; }
  copy(): this { return this; }
}

export class MaxPool2d extends Pool2d<'maxpool2d'> {
  // A negative factor on a unit changes which value is the maximum: folding a switch through it needs factors ≥ 0.
  readonly unitFlow: UnitFlow = { ...PASSES, positiveScalingOnly: true };
  protected readonly type = 'maxpool2d';
  forward(x: Tensor): Tensor { return maxPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding }); }
}

export class AvgPool2d extends Pool2d<'avgpool2d'> {
  readonly unitFlow = PASSES;
  protected readonly type = 'avgpool2d';
  forward(x: Tensor): Tensor { return avgPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding }); }
}

export class Flatten extends Module implements LayerTraits<FlattenSpec> {
  /** Shape of the last input (surgery uses it to map channels to flattened features). */
  lastInputShape: number[] | null = null;
  readonly unitFlow: UnitFlow = {
    kind: 'flattens',
    spatial: () => {
      if (!this.lastInputShape) throw new Error('Flatten: it has not seen an input yet, so how many values each channel becomes is unknown; run one forward pass first');
      return this.lastInputShape.slice(2).reduce((a, b) => a * b, 1);
    },
  };

  forward(x: Tensor): Tensor { this.lastInputShape = [...x.shape]; return flatten(x); }
  toSpec(): FlattenSpec { return { type: 'flatten' }; }
  inference(): InferenceOp[] { return [{ kind: 'flatten' }]; }
  copy(): Flatten { const f = new Flatten(); f.lastInputShape = this.lastInputShape; return f; }
}

export class Activation extends Module implements LayerTraits<ActivationSpec> {
  readonly unitFlow = PASSES;
  constructor(readonly op: UnaryOp, readonly alpha = 0.01) { super(); }
  forward(x: Tensor): Tensor { return unary(this.op, x, this.alpha); }
  toSpec(): ActivationSpec { return { type: 'activation', op: this.op, alpha: this.alpha }; }
  inference(): InferenceOp[] { return this.op === 'identity' ? [] : [{ kind: 'unary', op: this.op, alpha: this.alpha }]; }
  copy(): this { return this; }
}

/** Inverted dropout: scales survivors by 1/(1−p) in training, identity in eval. */
export class Dropout extends Module implements LayerTraits<DropoutSpec> {
  readonly unitFlow = PASSES;
  private readonly rng: Rng;
  constructor(readonly p: number, seed = 0) {
    super();
    if (!(p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p}`);
    this.rng = new Rng(seed);
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const mask = this.rng.uniform(x.shape);
    const scale = 1 / (1 - this.p);
    for (let i = 0; i < mask.size; i++) mask.data[i] = mask.data[i] >= this.p ? scale : 0;
    return mul(x, mask);
  }

  toSpec(): DropoutSpec { return { type: 'dropout', p: this.p }; }
  inference(): InferenceOp[] { return []; }
  copy(): this { return this; }
}

export const MAXPOOL2D: LayerKind<PoolSpec<'maxpool2d'>> = { type: 'maxpool2d', build: (s) => new MaxPool2d(s.kernel, s.stride, s.padding) };
export const AVGPOOL2D: LayerKind<PoolSpec<'avgpool2d'>> = { type: 'avgpool2d', build: (s) => new AvgPool2d(s.kernel, s.stride, s.padding) };
export const FLATTEN: LayerKind<FlattenSpec> = { type: 'flatten', build: () => new Flatten() };
export const ACTIVATION: LayerKind<ActivationSpec> = { type: 'activation', build: (s) => new Activation(s.op, s.alpha) };
export const DROPOUT: LayerKind<DropoutSpec> = { type: 'dropout', build: (s, rng) => new Dropout(s.p, rng.int(2 ** 31)) };
