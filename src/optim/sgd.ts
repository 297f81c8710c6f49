/** Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay (PyTorch semantics). */
import { kernel } from '../core/backend.js';
import type { Parameter } from '../nn/parameter.js';
import { Optimizer, checkRange } from './optimizer.js';

export interface SgdOptions { lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number }

export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(params: Iterable<Parameter>, opts: SgdOptions) {
    super(params, opts.lr);
    this.momentum = checkRange('SGD', 'momentum', opts.momentum ?? 0, 0, 1);
    this.dampening = checkRange('SGD', 'dampening', opts.dampening ?? 0, 0, 1);
    this.nesterov = opts.nesterov ?? false;
    this.weightDecay = checkRange('SGD', 'weightDecay', opts.weightDecay ?? 0, 0, Infinity);
    if (this.nesterov && (this.momentum === 0 || this.dampening !== 0)) {
      throw new Error('SGD: nesterov needs momentum > 0 and dampening = 0');
    }
  }

  protected update(p: Parameter, g: Float32Array, step: number, lr: number): void {
    const vel = this.momentum > 0 ? p.slot('sgd.momentum') : null;
    kernel().sgd(p.data, g, vel, p.size, lr, this.momentum, this.dampening, this.nesterov, this.weightDecay, step === 1);
  }
}
