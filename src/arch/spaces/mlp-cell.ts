/** A NAS-Bench-201-shaped cell for tabular data: dense ops of a fixed width between the vertices. */
import { Dense } from '../../nn/dense.js';
import { Flatten } from '../../nn/layers.js';
import { Sequential } from '../../nn/sequential.js';
import { NB201_EDGES } from '../nb201.js';
import type { CellSpace } from '../cell-space.js';

const OPS = ['none', 'skip', 'dense_relu', 'dense_tanh'] as const;

export function mlpCellSpace(width = 64): CellSpace {
  return {
    name: 'mlp-cell', description: `4-vertex cell of ${OPS.join('/')} ops, width ${width}`,
    ops: OPS, nodes: 4, edges: NB201_EDGES, aggregation: 'sum', channels: width,
    stem(inputShape, rng) {
      const features = inputShape.reduce((a, b) => a * b, 1);
      const dense = new Dense(features, width, { activation: 'relu', rng: rng.fork() });
      return { module: inputShape.length > 1 ? new Sequential([new Flatten(), dense]) : dense, shape: [width] };
    },
    op(name, shape, rng) {
      if (name === 'none') return 'zero';
      if (name === 'skip') return 'identity';
      if (name === 'dense_relu' || name === 'dense_tanh') return { module: new Dense(shape[0], shape[0], { activation: name === 'dense_relu' ? 'relu' : 'tanh', rng: rng.fork() }), shape };
      throw new Error(`space mlp-cell: unknown op "${name}"; expected one of ${OPS.join(', ')}`);
    },
    head: (shape, outputs, rng) => new Dense(shape[0], outputs, { rng: rng.fork() }),
  };
}
