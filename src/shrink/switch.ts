/**
 * Switch layers (ShrinkNets): a learned per-neuron / per-channel factor β on a
 * layer's output, with an L1 penalty that drives useless units to zero, and
 * the two rules that declare a unit dead.
 */
import { noGrad } from '../core/autograd.js';
import { mul, unary } from '../core/ops/elementwise.js';
import { sum } from '../core/ops/reduce.js';
import { reshape } from '../core/ops/shape.js';
import { type Tensor, formatShape } from '../core/tensor.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';

export type DeathRule =
  /** Dead when |β| <= threshold. */
  | { kind: 'threshold'; threshold: number }
  /** Dead when the moving average of sign(β) (factor `decay`) falls to |ema| < threshold: the switch keeps flipping. */
  | { kind: 'sign-flip'; decay: number; threshold: number };

export class Switch extends Module {
  readonly beta: Parameter;
  /** The journal's first version used ReLU(β) as the factor. */
  readonly reluBeta: boolean;
  signEma: Float64Array;

  /** `lrScale` multiplies the learning rate of β: under Adam a switch moves about lr per step whatever λ is, so from β = 1 it needs about 1/lr steps to die. */
  constructor(features: number, opts: { reluBeta?: boolean; init?: number; lrScale?: number } = {}) {
    super();
    this.beta = new Parameter(new Float32Array(features).fill(opts.init ?? 1), [features], 'beta');
    this.beta.lrScale = opts.lrScale ?? 1;
    this.reluBeta = opts.reluBeta ?? false;
    this.signEma = new Float64Array(features).fill(Math.sign(opts.init ?? 1));
  }

  get features(): number { return this.beta.shape[0]; }
  override ownParameters(): Parameter[] { return [this.beta]; }

  /** The factor actually applied (β, or ReLU(β)). */
  factor(): Float32Array { return this.reluBeta ? this.beta.data.map((b) => Math.max(0, b)) : this.beta.data.slice(); }

  forward(x: Tensor): Tensor {
    if (x.shape[1] !== this.features) throw new Error(`Switch: input ${formatShape(x.shape)} has ${x.shape[1]} features, the switch has ${this.features}`);
    const b = this.reluBeta ? unary('relu', this.beta) : this.beta;
    return mul(x, reshape(b, x.rank === 4 ? [1, this.features, 1, 1] : [1, this.features]));
  }

  /** ‖β‖₁ (the penalty). */
  l1(): Tensor { return sum(unary('abs', this.beta)); }

  /** Call after each optimizer step when using the sign-flip rule. */
  updateSignEma(decay: number): void {
    noGrad(() => { for (let i = 0; i < this.features; i++) this.signEma[i] = decay * this.signEma[i] + (1 - decay) * Math.sign(this.beta.data[i]); });
  }

  deadUnits(rule: DeathRule): number[] {
    const dead: number[] = [];
    for (let i = 0; i < this.features; i++) {
      const b = this.reluBeta ? Math.max(0, this.beta.data[i]) : this.beta.data[i];
      if (rule.kind === 'threshold' ? Math.abs(b) <= rule.threshold : Math.abs(this.signEma[i]) < rule.threshold) dead.push(i);
    }
    return dead;
  }

  select(keep: number[]): void {
    this.beta.select(0, keep);
    this.signEma = Float64Array.from(keep, (i) => this.signEma[i]);
  }
}
