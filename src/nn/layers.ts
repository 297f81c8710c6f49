/** Parameter-free layers: pooling, flatten, activation, dropout. */
import { avgPool2d, maxPool2d } from '../core/ops/conv.js';
import { mul, unary } from '../core/ops/elementwise.js';
import { flatten } from '../core/ops/shape.js';
import type { UnaryOp } from '../core/kernel.js';
import { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { Module } from './module.js';

export class MaxPool2d extends Module {
  constructor(readonly kernelSize: number, readonly stride = kernelSize, readonly padding = 0) { super(); }
  forward(x: Tensor): Tensor { return maxPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding }); }
}

export class AvgPool2d extends Module {
  constructor(readonly kernelSize: number, readonly stride = kernelSize, readonly padding = 0) { super(); }
  forward(x: Tensor): Tensor { return avgPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding }); }
}

export class Flatten extends Module {
  /** Shape of the last input (surgery uses it to map channels to flattened features). */
  lastInputShape: number[] | null = null;
  forward(x: Tensor): Tensor { this.lastInputShape = [...x.shape]; return flatten(x); }
}

export class Activation extends Module {
  constructor(readonly op: UnaryOp, readonly alpha = 0.01) { super(); }
  forward(x: Tensor): Tensor { return unary(this.op, x, this.alpha); }
}

/** Inverted dropout: scales survivors by 1/(1−p) in training, identity in eval. */
export class Dropout extends Module {
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
}
