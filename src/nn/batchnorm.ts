/** Batch normalisation over [N, F] (1d) or [N, C, H, W] (2d) inputs. */
import { batchNorm } from '../core/ops/batch-norm.js';
import { Tensor, formatShape } from '../core/tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import type { InferenceOp, LayerKind, LayerTraits, UnitFlow } from './layer-traits.js';

export interface BatchNormSpec { type: 'batchnorm'; features: number; momentum: number; eps: number }

export interface BatchNormOptions { momentum?: number; eps?: number }

export class BatchNorm extends Module implements LayerTraits<BatchNormSpec> {
  readonly unitFlow: UnitFlow = { kind: 'passes', perFeature: true, positiveScalingOnly: false, stateless: false };
  readonly gamma: Parameter;
  readonly beta: Parameter;
  readonly runningMean: Parameter;
  readonly runningVar: Parameter;
  readonly momentum: number;
  readonly eps: number;

  constructor(features: number, opts: BatchNormOptions = {}) {
    super();
    this.momentum = opts.momentum ?? 0.1;
    this.eps = opts.eps ?? 1e-5;
    this.gamma = new Parameter(new Float32Array(features).fill(1), [features], 'gamma');
    this.beta = new Parameter(new Float32Array(features), [features], 'beta');
    this.runningMean = new Parameter(new Float32Array(features), [features], 'runningMean', false);
    this.runningVar = new Parameter(new Float32Array(features).fill(1), [features], 'runningVar', false);
  }

  get features(): number { return this.gamma.shape[0]; }

  override ownParameters(): Parameter[] { return [this.gamma, this.beta, this.runningMean, this.runningVar]; }

  forward(x: Tensor): Tensor {
    if ((x.rank !== 2 && x.rank !== 4) || x.shape[1] !== this.features) {
      throw new Error(`BatchNorm: expected input [N, ${this.features}] or [N, ${this.features}, H, W], got ${formatShape(x.shape)}`);
    }
    if (!this.training) return batchNorm(x, this.gamma, this.beta, this.eps, { mean: this.runningMean, variance: this.runningVar }).y;
    const { y, mean, variance } = batchNorm(x, this.gamma, this.beta, this.eps);
    const count = x.size / this.features, k = this.momentum, unbias = count > 1 ? count / (count - 1) : 1;
    for (let i = 0; i < this.features; i++) {
      this.runningMean.data[i] = (1 - k) * this.runningMean.data[i] + k * mean.data[i];
      this.runningVar.data[i] = (1 - k) * this.runningVar.data[i] + k * variance.data[i] * unbias;
    }
    return y;
  }

  /** Keeps only features `indices` (affine parameters and running statistics). */
  selectFeatures(indices: ArrayLike<number>): void {
    for (const p of this.ownParameters()) p.select(0, indices);
  }

  toSpec(): BatchNormSpec { return { type: 'batchnorm', features: this.features, momentum: this.momentum, eps: this.eps }; }

  inference(): InferenceOp[] {
    return [{ kind: 'batchnorm', gamma: this.gamma.data.slice(), beta: this.beta.data.slice(), mean: this.runningMean.data.slice(), variance: this.runningVar.data.slice(), eps: this.eps }];
  }

  copy(): BatchNorm {
    const b = new BatchNorm(this.features, { momentum: this.momentum, eps: this.eps });
    b.ownParameters().forEach((p, i) => p.data.set(this.ownParameters()[i].data));
    return b;
  }
}

export const BATCHNORM: LayerKind<BatchNormSpec> = { type: 'batchnorm', build: (s) => new BatchNorm(s.features, { momentum: s.momentum, eps: s.eps }) };


