/** 2-D convolution layer, W [OC, C, K, K], with per-channel surgery. */
import { conv2d } from '../core/ops/conv.js';
import { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { type InitName, initValues } from './init.js';
import { Affine } from './affine.js';
import { Parameter } from './parameter.js';

export interface Conv2dLayerOptions {
  stride?: number;
  padding?: number;
  bias?: boolean;
  init?: InitName;
  seed?: number;
  rng?: Rng;
}

export class Conv2d extends Affine {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly stride: number;
  /** Grows when the kernel does (widen-kernel keeps the output size). */
  padding: number;
  private readonly rng: Rng;

  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: Conv2dLayerOptions = {}) {
    super();
    if (!Number.isInteger(kernelSize) || kernelSize < 1) throw new Error(`Conv2d: kernelSize must be a positive integer, got ${kernelSize}`);
    this.rng = opts.rng ?? new Rng(opts.seed ?? 0);
    this.stride = opts.stride ?? 1;
    this.padding = opts.padding ?? 0;
    const shape = [outChannels, inChannels, kernelSize, kernelSize];
    const fanIn = inChannels * kernelSize * kernelSize;
    this.weight = new Parameter(initValues(opts.init ?? 'he', this.rng, shape, fanIn, outChannels * kernelSize * kernelSize), shape, 'weight');
    this.bias = opts.bias === false ? null : new Parameter(new Float32Array(outChannels), [outChannels], 'bias');
  }

  get inChannels(): number { return this.weight.shape[1]; }
  get outChannels(): number { return this.weight.shape[0]; }
  get kernelSize(): number { return this.weight.shape[2]; }

  get fanIn(): number { return this.inChannels * this.kernelSize * this.kernelSize; }

  forwardWith(x: Tensor, weight: Tensor): Tensor { return conv2d(x, weight, this.bias, { stride: this.stride, padding: this.padding }); }
}
