/**
 * Σₖ wₖ·xₖ over same-shaped tensors in one op: the mixed edge of an architecture cell (each candidate op's output
 * weighted by its γ) and the sum at a vertex. As scalar multiplies and adds it was 2k−1 passes and as many buffers.
 */
import { record } from '../autograd.js';
import { kernel } from '../backend.js';
import { Tensor, formatShape, sameShape } from '../tensor.js';

export function weightedSum(xs: readonly Tensor[], weights: readonly number[]): Tensor {
  if (xs.length === 0 || xs.length !== weights.length) {
    throw new Error(`weightedSum: needs one weight per tensor and at least one tensor; got ${xs.length} tensors and ${weights.length} weights`);
  }
  const shape = xs[0].shape;
  xs.forEach((x, k) => {
    x.assertLive('weightedSum');
    if (!sameShape(x.shape, shape)) throw new Error(`weightedSum: tensor ${k} has shape ${formatShape(x.shape)}, tensor 0 has ${formatShape(shape)}; all must agree`);
  });
  const out = Tensor.empty(shape), n = out.size;
  xs.forEach((x, k) => kernel().scaledAdd(x.data, out.data, n, weights[k], k === 0 ? 0 : 1));
  return record(out, 'weightedSum', xs, (g) => xs.map((x, k) => {
    if (!x.requiresGrad) return null;
    if (weights[k] === 1) return g;
    const gk = Tensor.empty(shape);
    kernel().scaledAdd(g.data, gk.data, n, weights[k], 0);
    return gk;
  }));
}
