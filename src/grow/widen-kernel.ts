/**
 * A convolution's kernel grows (3×3 to 5×5, …) with a border of zero weights and one more pixel of padding on
 * each side per ring, so every output reads the same pixels with the same weights as before, plus zeros.
 */
import { Conv2d } from '../nn/conv2d.js';
import type { Morphism, WidenKernelStep } from './morphism.js';
import { unitGroup } from './unit-group.js';

export const widenKernel: Morphism<WidenKernelStep> = {
  op: 'widen-kernel',
  description: 'grow a convolution kernel with a zero border and matching padding',
  refusal(model, step) {
    let producer;
    try { producer = unitGroup(model, step.group).producer; } catch (e) { return (e as Error).message; }
    if (!(producer instanceof Conv2d)) return `group ${step.group} is a ${producer.constructor.name}; only convolution kernels can grow`;
    const k = producer.kernelSize;
    if (!Number.isInteger(step.kernel) || step.kernel <= k || (step.kernel - k) % 2 !== 0) {
      return `kernel must be larger than the current ${k} by an even number (a ring of zeros on every side), got ${step.kernel}`;
    }
    return null;
  },
  apply(model, step) {
    const conv = unitGroup(model, step.group).producer as Conv2d;
    const ring = (step.kernel - conv.kernelSize) / 2;
    for (const axis of [2, 3]) {
      conv.weight.insert(axis, 0, ring);
      conv.weight.insert(axis, conv.weight.shape[axis], ring);
    }
    conv.padding += ring;
    return { added: [] };
  },
};
