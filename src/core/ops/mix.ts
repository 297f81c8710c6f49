/**
 * Σⱼ vⱼ·xⱼ where every weight vⱼ is an entry of a weight tensor: the mixed edge of a supernet, whose op weights are
 * learned along with the network. The gradient reaches the weight tensor as ⟨g, xⱼ⟩ per term. `values` replaces the
 * weights in the forward pass only (a straight-through estimator: a hard 1 for the sampled op while the gradient
 * flows to its soft weight as if the soft weight had been used).
 */
import { record } from '../autograd.js';
import { kernel } from '../backend.js';
import { Tensor, formatShape, sameShape } from '../tensor.js';

export interface MixOptions {
  /** Forward weights to use instead of the entries (one per term). */
  values?: readonly number[];
  /** Multiplies every term, in the forward pass and in both gradients (e.g. 1/edges for a vertex that averages). */
  scale?: number;
}

/** scale·Σⱼ w.data[index[j]]·xs[j] (or values[j] in place of the entries); differentiable with respect to the xs and to w. */
export function mixByWeights(xs: readonly Tensor[], w: Tensor, index: readonly number[], opts: MixOptions = {}): Tensor {
  if (xs.length === 0 || xs.length !== index.length) {
    throw new Error(`mixByWeights: needs one weight index per tensor and at least one tensor; got ${xs.length} tensors and ${index.length} indices`);
  }
  if (opts.values && opts.values.length !== xs.length) throw new Error(`mixByWeights: ${opts.values.length} forward values for ${xs.length} tensors`);
  w.assertLive('mixByWeights');
  index.forEach((i, j) => { if (!(Number.isInteger(i) && i >= 0 && i < w.size)) throw new Error(`mixByWeights: index[${j}] = ${i} is outside the weights (size ${w.size})`); });
  const shape = xs[0].shape;
  xs.forEach((x, k) => {
    x.assertLive('mixByWeights');
    if (!sameShape(x.shape, shape)) throw new Error(`mixByWeights: tensor ${k} has shape ${formatShape(x.shape)}, tensor 0 has ${formatShape(shape)}; all must agree`);
  });
  const scale = opts.scale ?? 1;
  const forwardWeights = (opts.values ?? index.map((i) => w.data[i])).map((v) => scale * v);
  const out = Tensor.empty(shape), n = out.size;
  xs.forEach((x, k) => kernel().scaledAdd(x.data, out.data, n, forwardWeights[k], k === 0 ? 0 : 1));
  return record(out, 'mixByWeights', [...xs, w], (g) => {
    const grads: (Tensor | null)[] = xs.map((x, k) => {
      if (!x.requiresGrad) return null;
      const gk = Tensor.empty(shape);
      kernel().scaledAdd(g.data, gk.data, n, forwardWeights[k], 0);
      return gk;
    });
    let gw: Tensor | null = null;
    if (w.requiresGrad) {
      gw = Tensor.zeros(w.shape);
      xs.forEach((x, k) => { gw!.data[index[k]] += scale * kernel().dot(g.data, x.data, n); });
    }
    return [...grads, gw];
  });
}
