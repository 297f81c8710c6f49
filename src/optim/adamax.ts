/** AdaMax: Adam with the infinity norm (PyTorch semantics). */
import { kernel } from '../core/backend.js';
import type { Parameter } from '../nn/parameter.js';
import { AdamFamily, type AdamOptions } from './adam.js';

export class AdaMax extends AdamFamily {
  constructor(params: Iterable<Parameter>, opts: AdamOptions = {}) { super('AdaMax', params, opts, 2e-3, 0); }

  protected update(p: Parameter, g: Float32Array, step: number, lr: number): void {
    kernel().adamax(p.data, g, p.slot('adamax.m'), p.slot('adamax.u'), p.size, lr, this.beta1, this.beta2, this.eps,
      this.weightDecay, step);
  }
}
