/** Fully connected layer y = act(x·Wᵀ + b), W [out, in], with neuron surgery. */
import { linear } from '../core/ops/linalg.js';
import { UNARY_OPS, type UnaryOp } from '../core/kernel.js';
import { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { type WeightedLayerOptions, initValues } from './init.js';
import { Affine } from './affine.js';
import { Parameter } from './parameter.js';
import type { InferenceOp, LayerKind, LayerTraits, UnitFlow } from './layer-traits.js';

export interface DenseSpec { type: 'dense'; in: number; out: number; activation: UnaryOp; bias: boolean }

export interface DenseOptions extends WeightedLayerOptions {
  activation?: UnaryOp;
  /** Negative slope for leakyRelu. */
  alpha?: number;
}

export class Dense extends Affine implements LayerTraits<DenseSpec> {
  readonly unitFlow: UnitFlow = { kind: 'affine' };
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  activation: UnaryOp;
  alpha: number;
  private readonly rng: Rng;

  constructor(inFeatures: number, outFeatures: number, opts: DenseOptions = {}) {
    super();
    for (const [k, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new Error(`Dense: ${k} must be a non-negative integer, got ${v}`);
    }
    this.rng = opts.rng ?? new Rng(opts.seed ?? 0);
    this.activation = opts.activation ?? 'identity';
    this.alpha = opts.alpha ?? 0.01;
    const init = opts.init ?? (this.activation === 'relu' || this.activation === 'leakyRelu' ? 'he' : 'xavier');
    this.weight = new Parameter(initValues(init, this.rng, [outFeatures, inFeatures], inFeatures, outFeatures),
      [outFeatures, inFeatures], 'weight');
    this.bias = opts.bias === false ? null : new Parameter(new Float32Array(outFeatures), [outFeatures], 'bias');
  }

  get inFeatures(): number { return this.weight.shape[1]; }
  get outFeatures(): number { return this.weight.shape[0]; }

  get fanIn(): number { return this.inFeatures; }

  forwardWith(x: Tensor, weight: Tensor): Tensor { return linear(x, weight, this.bias, this.activation, this.alpha); }

  /** Adds `count` output neurons before `at`, freshly initialised (bias zero). */
  insertOutputs(at: number, count: number): void {
    this.weight.insert(0, at, count, initValues('he', this.rng, [count, this.inFeatures], this.inFeatures, count));
    this.bias?.insert(0, at, count);
  }

  /** Adds `count` input features before `at` with zero weights, so the layer's function is unchanged. */
  insertInputs(at: number, count: number): void { this.weight.insert(1, at, count); }

  toSpec(): DenseSpec { return { type: 'dense', in: this.inFeatures, out: this.outFeatures, activation: this.activation, bias: this.bias !== null }; }

  inference(): InferenceOp[] {
    const dense: InferenceOp = { kind: 'dense', weight: this.weight.data.slice(), inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias?.data.slice() ?? null };
    return this.activation === 'identity' ? [dense] : [dense, { kind: 'unary', op: this.activation, alpha: this.alpha }];
  }

  copy(): Dense {
    const d = new Dense(this.inFeatures, this.outFeatures, { activation: this.activation, alpha: this.alpha, bias: this.bias !== null });
    d.weight.data.set(this.weight.data);
    if (d.bias) d.bias.data.set(this.bias!.data);
    return d;
  }
}

export const DENSE: LayerKind<DenseSpec> = {
  type: 'dense',
  build: (s, rng) => new Dense(s.in, s.out, { activation: s.activation, bias: s.bias, rng: rng.fork() }),
  check: (s, fail, at) => { if (!UNARY_OPS.includes(s.activation)) fail(`${at}.activation`, s.activation, `one of ${UNARY_OPS.join(', ')}`); },
};
