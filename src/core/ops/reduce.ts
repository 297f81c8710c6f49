/** Sum, mean, variance and max along axes, with gradients. */
import { record } from '../autograd.js';
import { kernel } from '../backend.js';
import { REDUCE_CODE, type ReduceOp } from '../kernel.js';
import { Tensor, type Shape, formatShape, sameShape } from '../tensor.js';
import { binaryRaw } from './elementwise-raw.js';

function normalizeAxes(op: string, shape: Shape, axes: number | readonly number[] | undefined): number[] {
  if (axes === undefined) return shape.map((_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  return list.map((a) => {
    const r = a < 0 ? a + shape.length : a;
    if (r < 0 || r >= shape.length) throw new Error(`${op}: axis ${a} is out of range for shape ${formatShape(shape)}`);
    return r;
  });
}

function reduceRaw(op: ReduceOp, x: Tensor, axes: number[], keepDims: boolean, correction = 0): Tensor {
  x.assertLive(op);
  const mask = new Int32Array(x.rank);
  for (const a of axes) mask[a] = 1;
  const kept = x.shape.map((d, i) => (mask[i] ? 1 : d));
  const out = Tensor.empty(keepDims ? kept : x.shape.filter((_, i) => !mask[i]));
  kernel().reduce(REDUCE_CODE[op], x.data, Int32Array.from(x.shape), mask, out.data, correction);
  return out;
}

/** Sums g over the axes that broadcasting added, to give a gradient of `shape`. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const off = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < off || (shape[i - off] === 1 && g.shape[i] !== 1)) axes.push(i);
  return reduceRaw('sum', g, axes, true).view(shape);
}

function expandGrad(g: Tensor, x: Tensor, axes: number[]): Tensor {
  const shape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return g.view(shape);
}

export function sum(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normalizeAxes('sum', x.shape, axes);
  return record(reduceRaw('sum', x, ax, keepDims), 'sum', [x], (g) => [
    binaryRaw('add', Tensor.zeros(x.shape), expandGrad(g, x, ax)),
  ]);
}

export function mean(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normalizeAxes('mean', x.shape, axes);
  const count = ax.reduce((n, a) => n * x.shape[a], 1);
  return record(reduceRaw('mean', x, ax, keepDims), 'mean', [x], (g) => [
    binaryRaw('mul', Tensor.full(x.shape, 1 / count), expandGrad(g, x, ax)),
  ]);
}

/** Variance with `correction` (0: population, 1: sample, as in Bessel's correction). */
export function variance(x: Tensor, axes?: number | readonly number[], keepDims = false, correction = 0): Tensor {
  const ax = normalizeAxes('variance', x.shape, axes);
  const count = ax.reduce((n, a) => n * x.shape[a], 1);
  return record(reduceRaw('var', x, ax, keepDims, correction), 'variance', [x], (g) => {
    const m = reduceRaw('mean', x, ax, true);
    const centered = binaryRaw('sub', x, m);
    const scale = binaryRaw('mul', expandGrad(g, x, ax), Tensor.scalar(2 / (count - correction)));
    return [binaryRaw('mul', centered, scale)];
  });
}

export function max(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normalizeAxes('max', x.shape, axes);
  const out = reduceRaw('max', x, ax, keepDims);
  return record(out, 'max', [x], (g) => {
    const m = out.view(x.shape.map((d, i) => (ax.includes(i) ? 1 : d)));
    const hit = binaryRaw('sub', x, m);
    const mask = Tensor.empty(x.shape);
    for (let i = 0; i < mask.size; i++) mask.data[i] = hit.data[i] === 0 ? 1 : 0;
    return [binaryRaw('mul', mask, expandGrad(g, x, ax))];
  });
}
