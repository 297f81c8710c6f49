/**
 * The NAS-Bench-201 cell on images: stem 3x3 conv + BatchNorm, one cell of
 * ReLU-conv-BN / average-pool / skip / zero ops (sum at every vertex), head
 * BatchNorm-ReLU, global average pooling and a dense classifier.
 */
import { Rng } from '../../core/random.js';
import { BatchNorm } from '../../nn/batchnorm.js';
import { Conv2d } from '../../nn/conv2d.js';
import { Dense } from '../../nn/dense.js';
import { Activation, AvgPool2d, Flatten } from '../../nn/layers.js';
import { Sequential } from '../../nn/sequential.js';
import { NB201_EDGES, NB201_OPS } from '../nb201.js';
import type { CellSpace } from '../cell-space.js';

export function nb201Space(channels = 16): CellSpace {
  // Ops keep the channels of their input, so the same space builds the wider cells of later stages in a supernet.
  const reluConvBn = (k: number, shape: number[], rng: Rng) =>
    ({ module: new Sequential([new Activation('relu'), new Conv2d(shape[0], shape[0], k, { padding: (k - 1) / 2, bias: false, rng: rng.fork() }), new BatchNorm(shape[0])]), shape });
  return {
    name: 'nb201', description: `NAS-Bench-201 cell (4 vertices, 6 edges, ${NB201_OPS.join('/')}), ${channels} channels`,
    ops: NB201_OPS, nodes: 4, edges: NB201_EDGES, aggregation: 'sum', channels,
    stem(inputShape, rng) {
      if (inputShape.length !== 3) throw new Error(`space nb201: needs image input [C, H, W], got [${inputShape}]; use mlp-cell or mlp-widths for tabular data`);
      const [c, h, w] = inputShape;
      return { module: new Sequential([new Conv2d(c, channels, 3, { padding: 1, bias: false, rng: rng.fork() }), new BatchNorm(channels)]), shape: [channels, h, w] };
    },
    op(name, shape, rng) {
      switch (name) {
        case 'none': return 'zero';
        case 'skip_connect': return 'identity';
        case 'nor_conv_1x1': return reluConvBn(1, shape, rng);
        case 'nor_conv_3x3': return reluConvBn(3, shape, rng);
        case 'avg_pool_3x3': return { module: new AvgPool2d(3, 1, 1), shape };
        default: throw new Error(`space nb201: unknown op "${name}"; expected one of ${NB201_OPS.join(', ')}`);
      }
    },
    head(shape, outputs, rng) {
      const [c, h] = shape;
      return new Sequential([new BatchNorm(c), new Activation('relu'), new AvgPool2d(h, h), new Flatten(), new Dense(c, outputs, { rng: rng.fork() })]);
    },
  };
}
