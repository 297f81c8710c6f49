/** Batch normalisation over [N, F] (1d) or [N, C, H, W] (2d) inputs. */
import { noGrad } from '../core/autograd.js';
import { add, div, mul, sqrt, sub } from '../core/ops/elementwise.js';
import { mean, variance } from '../core/ops/reduce.js';
import { reshape } from '../core/ops/shape.js';
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
    const axes = x.rank === 2 ? [0] : [0, 2, 3];
    const bshape = x.rank === 2 ? [1, this.features] : [1, this.features, 1, 1];
    let m: Tensor, v: Tensor;
    if (this.training) {
      m = mean(x, axes, true);
      v = variance(x, axes, true);
      const count = x.size / this.features;
      noGrad(() => {
        const k = this.momentum, unbias = count > 1 ? count / (count - 1) : 1;
        for (let i = 0; i < this.features; i++) {
          this.runningMean.data[i] = (1 - k) * this.runningMean.data[i] + k * m.data[i];
          this.runningVar.data[i] = (1 - k) * this.runningVar.data[i] + k * v.data[i] * unbias;
        }
      });
    } else {
      m = this.runningMean.view(bshape);
      v = this.runningVar.view(bshape);
    }
    const xhat = div(sub(x, m), sqrt(add(v, this.eps)));
    return add(mul(xhat, reshape(this.gamma, bshape)), reshape(this.beta, bshape));
  }

  /** Keeps only features `indices` (affine parameters and running statistics). */
  selectFeatures(indices: ArrayLike<number>): void {
    for (const p of this.ownParameters()) p.select(0, indices);
  }
}


