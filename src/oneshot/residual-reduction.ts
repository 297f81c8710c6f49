/**
 * The block between stages of a NAS-Bench-201-style network: a residual block that halves the resolution and changes
 * the channel count (ReLU-conv3x3 stride 2-BN, ReLU-conv3x3-BN, plus a shortcut of 2×2 average pooling and a 1×1
 * convolution). It is fixed, not searched: only the cells between these blocks are.
 */
import { add } from '../core/ops/elementwise.js';
import type { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { BatchNorm } from '../nn/batchnorm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Activation, AvgPool2d } from '../nn/layers.js';
import { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';

export class ResidualReduction extends Module {
  readonly main: Sequential;
  readonly shortcut: Sequential;

  constructor(inChannels: number, outChannels: number, rng: Rng) {
    super();
    this.main = new Sequential([
      new Activation('relu'), new Conv2d(inChannels, outChannels, 3, { stride: 2, padding: 1, bias: false, rng: rng.fork() }), new BatchNorm(outChannels),
      new Activation('relu'), new Conv2d(outChannels, outChannels, 3, { padding: 1, bias: false, rng: rng.fork() }), new BatchNorm(outChannels),
    ]);
    this.shortcut = new Sequential([new AvgPool2d(2, 2), new Conv2d(inChannels, outChannels, 1, { bias: false, rng: rng.fork() })]);
  }

  forward(x: Tensor): Tensor { return add(this.main.forward(x), this.shortcut.forward(x)); }
  override children(): Module[] { return [this.main, this.shortcut]; }

  /** The shape of the output for an input of shape [C, H, W]. */
  static outputShape(shape: readonly number[], outChannels: number): number[] {
    return [outChannels, Math.floor(shape[1] / 2), Math.floor(shape[2] / 2)];
  }
}
