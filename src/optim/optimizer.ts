/**
 * The optimizer interface. State lives in each parameter's slots, so neuron
 * surgery on a parameter carries its moments along automatically.
 */
import { zeroGrad } from '../core/autograd.js';
import type { Parameter } from '../nn/parameter.js';

export abstract class Optimizer {
  readonly params: Parameter[];
  lr: number;
  /** Steps taken per parameter (bias correction counts from a parameter's first step). */
  protected readonly steps = new WeakMap<Parameter, number>();

  constructor(params: Iterable<Parameter>, lr: number) {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`${new.target.name}: lr must be a positive number, got ${lr}`);
    this.params = [...params].filter((p) => p.requiresGrad);
    this.lr = lr;
  }

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    for (const p of this.params) {
      if (p.grad === null) continue;
      if (p.grad.size !== p.size) {
        throw new Error(`${this.constructor.name}: gradient of "${p.name}" has ${p.grad.size} values, parameter has ${p.size}`);
      }
      const n = (this.steps.get(p) ?? 0) + 1;
      this.steps.set(p, n);
      // A pruned weight gets no gradient, so its moments stay zero; after the update it is held at zero again.
      p.maskGradient();
      this.update(p, p.grad.data, n, this.lr * p.lrScale);
      p.maskValue();
    }
  }

  zeroGrad(): void { zeroGrad(this.params); }

  /** Steps taken for `p` (saved in checkpoints so bias correction resumes where it left off). */
  stepCount(p: Parameter): number { return this.steps.get(p) ?? 0; }
  setStepCount(p: Parameter, n: number): void { this.steps.set(p, n); }

  /** Adds parameters created after construction (e.g. by evolution). */
  addParameters(params: Iterable<Parameter>): void {
    for (const p of params) if (p.requiresGrad && !this.params.includes(p)) this.params.push(p);
  }

  /** Stops updating parameters that left the model. */
  removeParameters(params: Iterable<Parameter>): void {
    const drop = new Set(params);
    const keep = this.params.filter((p) => !drop.has(p));
    this.params.length = 0;
    this.params.push(...keep);
  }

  /** `lr` is this parameter's learning rate: the optimizer's times the parameter's own scale. */
  protected abstract update(p: Parameter, grad: Float32Array, step: number, lr: number): void;
}

export function checkRange(owner: string, name: string, v: number, lo: number, hi: number): number {
  if (!(v >= lo && v < hi)) throw new Error(`${owner}: ${name} must be in [${lo}, ${hi}), got ${v}`);
  return v;
}
