/** Reshaping and index selection (what neuron surgery and Flatten need). */
import { record } from '../autograd.js';
import { kernel } from '../backend.js';
import { Tensor, type Shape, formatShape, shapeSize } from '../tensor.js';

/** Same data, new shape; one dimension may be −1. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const resolved = shape.map((d) => (d === -1 ? x.size / known : d));
  if (shape.filter((d) => d === -1).length > 1 || shapeSize(resolved) !== x.size || !resolved.every(Number.isInteger)) {
    throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`);
  }
  x.assertLive('reshape');
  return record(x.view(resolved), 'reshape', [x], (g) => [g.view(x.shape)]);
}

/** [N, ...] → [N, product of the rest]. */
export const flatten = (x: Tensor): Tensor => reshape(x, [x.shape[0] ?? 1, -1]);

export function checkIndices(op: string, idx: Int32Array, axisLen: number): void {
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= axisLen || !Number.isInteger(idx[i])) {
      throw new Error(`${op}: index ${idx[i]} (position ${i}) is outside [0, ${axisLen - 1}]`);
    }
  }
}

export function axisSplit(shape: Shape, axis: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}

/** Picks entries `indices` along `axis`. */
export function indexSelect(x: Tensor, axis: number, indices: Int32Array | readonly number[]): Tensor {
  const idx = indices instanceof Int32Array ? indices : Int32Array.from(indices);
  if (axis < 0 || axis >= x.rank) throw new Error(`indexSelect: axis ${axis} out of range for ${formatShape(x.shape)}`);
  checkIndices('indexSelect', idx, x.shape[axis]);
  x.assertLive('indexSelect');
  const [outer, len, inner] = axisSplit(x.shape, axis);
  const shape = [...x.shape];
  shape[axis] = idx.length;
  const out = Tensor.empty(shape);
  kernel().indexSelect(x.data, outer, len, inner, idx, out.data);
  return record(out, 'indexSelect', [x], (g) => {
    const gx = Tensor.zeros(x.shape);
    kernel().indexScatter(g.data, outer, inner, idx, gx.data, len, true);
    return [gx];
  });
}
