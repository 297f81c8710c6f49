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

/** Joins tensors along `axis`; all other dimensions must agree. */
export function concat(tensors: readonly Tensor[], axis: number): Tensor {
  if (tensors.length === 0) throw new Error('concat: needs at least one tensor');
  const first = tensors[0];
  if (axis < 0 || axis >= first.rank) throw new Error(`concat: axis ${axis} out of range for ${formatShape(first.shape)}`);
  for (const t of tensors) {
    t.assertLive('concat');
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
      throw new Error(`concat: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ outside axis ${axis}`);
    }
  }
  const shape = [...first.shape];
  shape[axis] = tensors.reduce((n, t) => n + t.shape[axis], 0);
  const out = Tensor.empty(shape);
  const [outer, total, inner] = axisSplit(shape, axis);
  let offset = 0;
  const offsets = tensors.map((t) => {
    const len = t.shape[axis], o = offset;
    for (let b = 0; b < outer; b++) out.data.set(t.data.subarray(b * len * inner, (b + 1) * len * inner), (b * total + o) * inner);
    offset += len;
    return o;
  });
  return record(out, 'concat', tensors, (g) => tensors.map((t, k) => {
    if (!t.requiresGrad) return null;
    const len = t.shape[axis], gt = Tensor.empty(t.shape);
    for (let b = 0; b < outer; b++) gt.data.set(g.data.subarray((b * total + offsets[k]) * inner, (b * total + offsets[k] + len) * inner), b * len * inner);
    return gt;
  }));
}
