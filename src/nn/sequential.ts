/** A chain of modules applied in order. */
import type { Tensor } from '../core/tensor.js';
import { Module } from './module.js';

export class Sequential extends Module {
  readonly layers: Module[];
  constructor(layers: Module[]) { super(); this.layers = [...layers]; }
  forward(x: Tensor): Tensor {
    let h = x;
    for (const l of this.layers) h = l.forward(h);
    return h;
  }
  override children(): Module[] { return this.layers; }
}
