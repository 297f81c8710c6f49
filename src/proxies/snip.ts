/** SNIP (Lee et al.): Σ |θ · ∂L/∂θ| on one minibatch — how much the loss would move if each weight were removed. */
import type { Module } from '../nn/module.js';
import { type ProxyBatch, type ZeroCostProxy, lossGradients, sumOver } from './proxy.js';

export const snip: ZeroCostProxy = {
  name: 'snip',
  description: 'Σ |θ·∂L/∂θ| of the task loss on the batch (Lee et al.)',
  score: (model: Module, batch: ProxyBatch) => sumOver(lossGradients(model, batch), (w, g) => Math.abs(w * g)),
};
