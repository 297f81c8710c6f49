/** 2-D convolution layer, W [OC, C, K, K], with per-channel surgery. */
import { conv2d } from '../core/ops/conv.js';
import { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { type WeightedLayerOptions, initValues } from './init.js';
import { Affine } from './affine.js';
import { Parameter } from './parameter.js';
import type { InferenceOp, LayerKind, LayerTraits, UnitFlow } from './layer-traits.js';

export interface Conv2dSpec { type: 'conv2d'; in: number; out: number; kernel: number; stride: number; padding: number; bias: boolean }

export interface Conv2dLayerOptions extends WeightedLayerOptions {
  stride?: number;
  padding?: number;
}

export class Conv2d extends Affine implements LayerTraits<Conv2dSpec> {
  readonly unitFlow: UnitFlow = { kind: 'affine' };
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

  toSpec(): Conv2dSpec {
    return { type: 'conv2d', in: this.inChannels, out: this.outChannels, kernel: this.kernelSize, stride: this.stride, padding: this.padding, bias: this.bias !== null };
  }

  inference(): InferenceOp[] {
    return [{ kind: 'conv2d', weight: this.weight.data.slice(), weightShape: [...this.weight.shape], bias: this.bias?.data.slice() ?? null, stride: this.stride, padding: this.padding }];
  }

  copy(): Conv2d {
    const c = new Conv2d(this.inChannels, this.outChannels, this.kernelSize, { stride: this.stride, padding: this.padding, bias: this.bias !== null });
    c.weight.data.set(this.weight.data);
    if (c.bias) c.bias.data.set(this.bias!.data);
    return c;
  }
}

export const CONV2D: LayerKind<Conv2dSpec> = {
  type: 'conv2d',
  build: (s, rng) => new Conv2d(s.in, s.out, s.kernel, { stride: s.stride, padding: s.padding, bias: s.bias, rng: rng.fork() }),
};
