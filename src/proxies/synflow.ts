/**
 * SynFlow (Tanaka et al.): the network with every weight replaced by its
 * absolute value, fed an all-ones input; the score is Σ θ · ∂R/∂θ for R the
 * sum of the outputs — how much "synaptic flow" survives through the layers,
 * without any data. The network is in evaluation mode (BatchNorm uses its
 * running statistics); the registry puts the weights back afterwards.
 */
import { backward, zeroGrad } from '../core/autograd.js';
import { sum } from '../core/ops/reduce.js';
import { Tensor, tidy } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import { type ProxyBatch, sumOver, proxyOf } from './proxy.js';

export const synflow = proxyOf('synflow', 'Σ θ·∂R/∂θ with |θ| weights and an all-ones input, R the sum of outputs (Tanaka et al.); uses no data', (model: Module, batch: ProxyBatch): number => {
  const params = model.parameters();
  const wasTraining = model.training;
  model.eval();
  try {
    for (const p of params) for (let i = 0; i < p.data.length; i++) p.data[i] = Math.abs(p.data[i]);
    zeroGrad(params);
    const shape = [1, ...batch.x.shape.slice(1)];
    tidy(() => { backward(sum(model.forward(Tensor.full(shape, 1)))); });
    // ∂R/∂θ ≥ 0 and θ ≥ 0 here, so the sum is ≥ 0; log keeps very deep or wide nets' scores comparable.
    const s = sumOver(params, (w, g) => w * g);
    return s > 0 ? Math.log(s) : -Infinity;
  } finally {
    zeroGrad(params);
    model.train(wasTraining);
  }
});
