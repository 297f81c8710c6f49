/** grad-norm: the Euclidean norm of the task loss's gradient over all parameters on one minibatch. */
import type { Module } from '../nn/module.js';
import { type ProxyBatch, type ZeroCostProxy, lossGradients, sumOver } from './proxy.js';

export const gradNorm: ZeroCostProxy = {
  name: 'grad-norm',
  description: 'the norm of the task loss gradient over all parameters on the batch',
  score: (model: Module, batch: ProxyBatch) => Math.sqrt(sumOver(lossGradients(model, batch), (_w, g) => g * g)),
};
