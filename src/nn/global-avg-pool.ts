/**
 * Global average pooling: [N, C, H, W] → [N, C], each channel's mean over its whole map. A convolutional network
 * ends with it instead of a flatten into a wide dense layer: far fewer weights, and the network no longer depends on
 * the image size. Channels pass through one by one, so surgery and switch folding reach the dense layer after it.
 */
import { mean } from '../core/ops/reduce.js';
import { formatShape, type Tensor } from '../core/tensor.js';
import type { InferenceOp, LayerKind, LayerTraits, UnitFlow } from './layer-traits.js';
import { Module } from './module.js';

export interface GlobalAvgPoolSpec { type: 'globalavgpool2d' }

export class GlobalAvgPool2d extends Module implements LayerTraits<GlobalAvgPoolSpec> {
  // Each channel becomes one feature (a flatten whose maps are 1×1), and a mean scales with its input for any sign.
  readonly unitFlow: UnitFlow = { kind: 'flattens', spatial: () => 1 };

  forward(x: Tensor): Tensor {
    if (x.rank !== 4) throw new Error(`GlobalAvgPool2d: expected input [N, C, H, W], got ${formatShape(x.shape)}`);
    return mean(x, [2, 3]);
  }

  toSpec(): GlobalAvgPoolSpec { return { type: 'globalavgpool2d' }; }

  /** An average pool whose window is the whole (square) map, then a flatten of the 1×1 maps. */
  inference(inputShape: readonly number[]): InferenceOp[] {
    const [, h, w] = inputShape;
    if (h !== w) throw new Error(`GlobalAvgPool2d: exports square maps only (the pooling window is one size); got ${h}×${w}`);
    return [{ kind: 'pool', mode: 'avg', kernel: h, stride: h, padding: 0 }, { kind: 'flatten' }];
  }

  copy(): this { return this; }
}

export const GLOBALAVGPOOL2D: LayerKind<GlobalAvgPoolSpec> = { type: 'globalavgpool2d', build: () => new GlobalAvgPool2d() };
