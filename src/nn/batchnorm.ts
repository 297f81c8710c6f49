/** Batch normalisation over [N, F] (1d) or [N, C, H, W] (2d) inputs. */
import { batchNorm } from '../core/ops/batch-norm.js';
import { Tensor, formatShape } from '../core/tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

export interface BatchNormOptions { momentum?: number; eps?: number }

export class BatchNorm extends Module {
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
}


