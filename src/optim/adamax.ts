/** AdaMax: Adam with the infinity norm (PyTorch semantics). */
import { kernel } from '../core/backend.js';
import type { Parameter } from '../nn/parameter.js';
import { Optimizer, checkRange } from './optimizer.js';
import type { AdamOptions } from './adam.js';

export class AdaMax extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;

  constructor(params: Iterable<Parameter>, opts: AdamOptions = {}) {
    super(params, opts.lr ?? 2e-3);
    const [b1, b2] = opts.betas ?? [0.9, 0.999];
    this.beta1 = checkRange('AdaMax', 'betas[0]', b1, 0, 1);
    this.beta2 = checkRange('AdaMax', 'betas[1]', b2, 0, 1);
    this.eps = checkRange('AdaMax', 'eps', opts.eps ?? 1e-8, 0, Infinity);
    this.weightDecay = checkRange('AdaMax', 'weightDecay', opts.weightDecay ?? 0, 0, Infinity);
  }

  protected update(p: Parameter, g: Float32Array, step: number, lr: number): void {
    kernel().adamax(p.data, g, p.slot('adamax.m'), p.slot('adamax.u'), p.size, lr, this.beta1, this.beta2, this.eps,
      this.weightDecay, step);
  }
}
