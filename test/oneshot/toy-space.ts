/**
 * A space where the best op is known: points in the plane labelled by whether they lie inside a circle. The cell is
 * one edge between the input and a linear classifier, with ops none (the classifier sees zeros), skip (it sees x, y:
 * not separable) and square (it sees x², y²: separable by a line). Every method must pick square.
 */
import type { CellSpace } from '../../src/arch/cell-space.js';
import { Rng } from '../../src/core/random.js';
import type { Dataset } from '../../src/data/dataset.js';
import { type Prepared, prepare } from '../../src/data/prepare.js';
import { Dense } from '../../src/nn/dense.js';
import { Module } from '../../src/nn/module.js';
import { add, square } from '../../src/core/ops/elementwise.js';
import type { Tensor } from '../../src/core/tensor.js';

/**
 * x² − 1: centred like the other ops' outputs on standardised inputs, so one shared classifier bias suits every path
 * (without it, single-path training leaves a bias that fits no path, and RSPS ranks by that bias, not by the op).
 * No normalisation after the op either: it would make the output blind to a scale on it, and GDAS's gradient to α is
 * exactly such a scale.
 */
class CenteredSquare extends Module {
  forward(x: Tensor): Tensor { return add(square(x), -1); }
}

export const TOY_OPS = ['none', 'skip', 'square'];
export const BEST_OP = 2;

export const toySpace = (): CellSpace => ({
  name: 'toy-circle', description: 'one edge: none, skip or square before a linear classifier',
  ops: TOY_OPS, nodes: 2, edges: [[0, 1]], aggregation: 'sum',
  stem: (inputShape) => ({ module: null, shape: inputShape }),
  op(name, shape) {
    if (name === 'none') return 'zero';
    if (name === 'skip') return 'identity';
    return { module: new CenteredSquare(), shape };
  },
  head: (shape, outputs, rng) => new Dense(shape[0], outputs, { rng: rng.fork() }),
});

export function circleData(rows: number, seed: number): Prepared {
  const rng = new Rng(seed), x = new Float32Array(rows * 2), labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = 3 * rng.next() - 1.5, b = 3 * rng.next() - 1.5;
    x[2 * i] = a; x[2 * i + 1] = b;
    labels[i] = a * a + b * b > 1.2 ? 1 : 0;
  }
  const dataset: Dataset = { name: 'circle', task: 'classification', inputShape: [2], classes: 2, train: { x, labels, n: rows } };
  return prepare(dataset, { seed });
}
