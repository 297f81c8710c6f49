/**
 * The journal's metric-less size gate: neuron i is scaled by
 * s_i = 1 − sigmoid(k·(i − x₀)) = sigmoid(k·(x₀ − i)), with x₀ (and optionally k)
 * learned. Its size penalty is the integral ∫₀ⁿ s(t) dt in closed form,
 * (softplus(k·x₀) − softplus(k·(x₀ − n)))/k: positive, bounded by n, and free of
 * overflow for any x₀ (softplus is evaluated stably), unlike the summed form
 * whose gradients went NaN in the journal. A random-slope variant draws k per batch.
 */
import { add, mul, sub, unary } from '../core/ops/elementwise.js';
import { reshape } from '../core/ops/shape.js';
import type { Rng } from '../core/random.js';
import { Tensor, formatShape } from '../core/tensor.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';

export interface SizeGateOptions {
  /** Slope k (fixed unless learnSlope). */
  slope?: number;
  learnSlope?: boolean;
  /** Random-slope variant: k ~ log-uniform[min, max] for every training batch. */
  randomSlope?: { min: number; max: number; rng: Rng };
}

export class SizeGate extends Module {
  readonly x0: Parameter;
  readonly k: Parameter;
  readonly randomSlope: SizeGateOptions['randomSlope'];
  private capacity: number;
  private index: Tensor;

  constructor(features: number, opts: SizeGateOptions = {}) {
    super();
    this.capacity = features;
    this.x0 = new Parameter(Float32Array.of(features), [1], 'x0');
    this.k = new Parameter(Float32Array.of(opts.slope ?? 1), [1], 'k', opts.learnSlope ?? false);
    this.randomSlope = opts.randomSlope;
    this.index = SizeGate.indexTensor(features);
  }

  private static indexTensor(n: number): Tensor {
    return new Tensor(Float32Array.from({ length: n }, (_, i) => i), [n]).keep();
  }

  get features(): number { return this.capacity; }
  override ownParameters(): Parameter[] { return [this.x0, this.k]; }

  private slope(): Tensor {
    const r = this.randomSlope;
    if (!r || !this.training) return this.k;
    const k = Math.exp(Math.log(r.min) + r.rng.next() * (Math.log(r.max) - Math.log(r.min)));
    return Tensor.scalar(k);
  }

  /** s_i for every neuron, as a differentiable tensor [n]. */
  scales(k: Tensor = this.slope()): Tensor {
    return unary('sigmoid', mul(sub(this.x0, this.index), k));
  }

  forward(x: Tensor): Tensor {
    if (x.shape[1] !== this.capacity) throw new Error(`SizeGate: input ${formatShape(x.shape)} has ${x.shape[1]} features, the gate has ${this.capacity}`);
    const s = this.scales();
    return mul(x, reshape(s, x.rank === 4 ? [1, this.capacity, 1, 1] : [1, this.capacity]));
  }

  /** ∫₀ⁿ sigmoid(k(x₀ − t)) dt = (softplus(k x₀) − softplus(k(x₀ − n))) / k. */
  penalty(): Tensor {
    const k = this.k;
    const a = unary('softplus', mul(this.x0, k));
    const b = unary('softplus', mul(sub(this.x0, this.capacity), k));
    return mul(sub(a, b), unary('reciprocal', k));
  }

  /** Neurons at the tail whose scale is below eps (safe to remove physically). */
  tailBelow(eps: number): number {
    const x0 = this.x0.data[0], k = this.k.data[0];
    // s_i < eps  ⇔  i > x0 + ln(1/eps − 1)/k
    const cut = Math.max(0, Math.ceil(x0 + Math.log(1 / eps - 1) / k + 1e-9));
    return Math.max(0, this.capacity - Math.min(this.capacity, cut));
  }

  /** Keeps the first `n` neurons (the gate always keeps a prefix). */
  truncate(n: number): void {
    if (n < 0 || n > this.capacity) throw new Error(`SizeGate.truncate: ${n} is outside [0, ${this.capacity}]`);
    this.capacity = n;
    this.index = SizeGate.indexTensor(n);
  }

  /** Units to keep when removing the tail (for surgery helpers). */
  select(keep: number[]): void {
    if (keep.some((v, i) => v !== i)) throw new Error('SizeGate.select: a size gate can only drop neurons from its tail');
    this.truncate(keep.length);
  }

  /** Adds neurons at the tail (growth when x₀ nears capacity); the producer must grow alongside. */
  grow(n: number): void { this.capacity += n; this.index = SizeGate.indexTensor(this.capacity); }
}

export function totalGatePenalty(gates: SizeGate[]): Tensor {
  return gates.reduce<Tensor>((acc, g) => add(acc, g.penalty()), Tensor.scalar(0));
}
