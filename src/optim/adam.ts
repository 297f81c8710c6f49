/** Adam (L2 weight decay) and AdamW (decoupled weight decay), PyTorch semantics. */
import { kernel } from '../core/backend.js';
import type { Parameter } from '../nn/parameter.js';
import { Optimizer, checkRange } from './optimizer.js';

export interface AdamOptions { lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number }

/** Adam-family hyperparameters, checked (shared by Adam, AdamW and AdaMax). */
export interface AdamHyper { readonly beta1: number; readonly beta2: number; readonly eps: number; readonly weightDecay: number }

export function adamHyper(owner: string, opts: AdamOptions, defaultDecay: number): AdamHyper {
  const [b1, b2] = opts.betas ?? [0.9, 0.999];
  return {
    beta1: checkRange(owner, 'betas[0]', b1, 0, 1), beta2: checkRange(owner, 'betas[1]', b2, 0, 1),
    eps: checkRange(owner, 'eps', opts.eps ?? 1e-8, 0, Infinity), weightDecay: checkRange(owner, 'weightDecay', opts.weightDecay ?? defaultDecay, 0, Infinity),
  };
}

/** Optimizers with Adam's hyperparameters (Adam, AdamW, AdaMax): the moments' decay rates, ε and weight decay. */
export abstract class AdamFamily extends Optimizer implements AdamHyper {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;

  constructor(owner: string, params: Iterable<Parameter>, opts: AdamOptions, defaultLr: number, defaultDecay: number) {
    super(params, opts.lr ?? defaultLr);
    ({ beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay } = adamHyper(owner, opts, defaultDecay));
  }
}

export class Adam extends AdamFamily {
  protected decoupled = false;

  constructor(params: Iterable<Parameter>, opts: AdamOptions = {}, defaultDecay = 0) { super('Adam', params, opts, 1e-3, defaultDecay); }

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
