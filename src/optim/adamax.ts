/** AdaMax: Adam with the infinity norm (PyTorch semantics). */
import { kernel } from '../core/backend.js';
import type { Parameter } from '../nn/parameter.js';
import { Optimizer } from './optimizer.js';
import { type AdamOptions, adamHyper } from './adam.js';

export class AdaMax extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;

  constructor(params: Iterable<Parameter>, opts: AdamOptions = {}) {
    super(params, opts.lr ?? 2e-3);
    ({ beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay } = adamHyper('AdaMax', opts, 0));
  }

  protected update(p: Parameter, g: Float32Array, step: number, lr: number): void {
    kernel().adamax(p.data, g, p.slot('adamax.m'), p.slot('adamax.u'), p.size, lr, this.beta1, this.beta2, this.eps,
      this.weightDecay, step);
  }
}
