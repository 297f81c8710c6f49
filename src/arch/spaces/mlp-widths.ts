/** MLP widths and activations: a chain of hidden layers, each one choice of activation × width. */
import { Dense } from '../../nn/dense.js';
import { Flatten } from '../../nn/layers.js';
import type { CellSpace } from '../cell-space.js';

const WIDTHS = [32, 64, 128, 256], ACTIVATIONS = ['relu', 'tanh'] as const;
const OPS = ACTIVATIONS.flatMap((a) => WIDTHS.map((w) => `${a}_${w}`));

export function mlpWidthsSpace(layers = 2): CellSpace {
  return {
    name: 'mlp-widths', description: `${layers} hidden layers, each ${ACTIVATIONS.join('/')} × width ${WIDTHS.join('/')}`,
    ops: OPS, nodes: layers + 1, edges: Array.from({ length: layers }, (_, i) => [i, i + 1] as const), aggregation: 'sum',
    stem: (inputShape) => ({ module: inputShape.length > 1 ? new Flatten() : null, shape: [inputShape.reduce((a, b) => a * b, 1)] }),
    op(name, shape, rng) {
      const [act, width] = name.split('_');
      if (!OPS.includes(name)) throw new Error(`space mlp-widths: unknown op "${name}"; expected one of ${OPS.join(', ')}`);
      return { module: new Dense(shape[0], Number(width), { activation: act as (typeof ACTIVATIONS)[number], rng: rng.fork() }), shape: [Number(width)] };
    },
    head: (shape, outputs, rng) => new Dense(shape[0], outputs, { rng: rng.fork() }),
  };
}
