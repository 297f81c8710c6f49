/** Adam (L2 weight decay) and AdamW (decoupled weight decay), PyTorch semantics. */
import { kernel } from '../core/backend.js';
import type { Parameter } from '../nn/parameter.js';
import { Optimizer, checkRange } from './optimizer.js';

export interface AdamOptions { lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number }

export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  protected decoupled = false;

  constructor(params: Iterable<Parameter>, opts: AdamOptions = {}, defaultDecay = 0) {
    super(params, opts.lr ?? 1e-3);
    const [b1, b2] = opts.betas ?? [0.9, 0.999];
    this.beta1 = checkRange('Adam', 'betas[0]', b1, 0, 1);
    this.beta2 = checkRange('Adam', 'betas[1]', b2, 0, 1);
    this.eps = checkRange('Adam', 'eps', opts.eps ?? 1e-8, 0, Infinity);
    this.weightDecay = checkRange('Adam', 'weightDecay', opts.weightDecay ?? defaultDecay, 0, Infinity);
  }

  protected update(p: Parameter, g: Float32Array, step: number, lr: number): void {
    kernel().adam(p.data, g, p.slot('adam.m'), p.slot('adam.v'), p.size, lr, this.beta1, this.beta2, this.eps,
      this.weightDecay, this.decoupled, step);
  }
}

export class AdamW extends Adam {
  constructor(params: Iterable<Parameter>, opts: AdamOptions = {}) {
    super(params, opts, 1e-2);
    this.decoupled = true;
  }
}
