/** Layers with a weight whose axis 0 is the output units and axis 1 the inputs (Dense, Conv2d): what surgery cuts. */
import type { Tensor } from '../core/tensor.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';

export abstract class Affine extends Module {
  abstract readonly weight: Parameter;
  abstract readonly bias: Parameter | null;
  /** Fan-in of one output unit (inputs × kernel area): what the weight's initial scale depends on. */
  abstract readonly fanIn: number;

  /** The layer's function with another weight of the same shape in place of its own (e.g. a masked copy of it). */
  abstract forwardWith(x: Tensor, weight: Tensor): Tensor;

  forward(x: Tensor): Tensor { return this.forwardWith(x, this.weight); }

  override ownParameters(): Parameter[] { return this.bias ? [this.weight, this.bias] : [this.weight]; }

  /** Keeps only output units `indices` (weights, bias and their optimizer state). */
  selectOutputs(indices: ArrayLike<number>): void {
    this.weight.select(0, indices);
    this.bias?.select(0, indices);
  }

  /** Keeps only inputs `indices` (features, or channels for a convolution). */
  selectInputs(indices: ArrayLike<number>): void { this.weight.select(1, indices); }
}
