/**
 * Zero-cost proxies: a score for an untrained network from one minibatch, so a
 * search can rank thousands of architectures in the time one of them takes to
 * train. Higher means "predicted better". One file per proxy, one registry.
 */
import { backward, noGrad, zeroGrad } from '../core/autograd.js';
import { mse, softmaxCrossEntropy } from '../core/ops/loss.js';
import { type Tensor, tidy } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import type { Parameter } from '../nn/parameter.js';

/** One minibatch: inputs, and labels (classification) or targets (regression). */
export interface ProxyBatch { x: Tensor; labels?: Int32Array; targets?: Tensor }

export interface ZeroCostProxy {
  readonly name: string;
  /** One line for --help and the closing report. */
  readonly description: string;
  /** Scores `model` at its current (initial) weights; may change gradients (the registry restores the weights). */
  score(model: Module, batch: ProxyBatch): number;
}

/** A proxy from its name, its one-line description and its score. */
export const proxyOf = (name: string, description: string, score: ZeroCostProxy['score']): ZeroCostProxy => ({ name, description, score });

/** The task loss of the batch: cross-entropy with labels, else mean squared error against targets. */
export function batchLoss(model: Module, batch: ProxyBatch, x: Tensor = batch.x): Tensor {
  const out = model.forward(x);
  if (batch.labels) return softmaxCrossEntropy(out, batch.labels);
  if (batch.targets) return mse(out, batch.targets);
  throw new Error('proxy: the batch has neither labels nor targets');
}

/** Gradients of the batch loss for every parameter (read them before the next call). */
export function lossGradients(model: Module, batch: ProxyBatch): Parameter[] {
  const params = model.parameters();
  zeroGrad(params);
  tidy(() => { backward(batchLoss(model, batch)); });
  return params;
}

/** Σ over parameters of f(value, gradient) elementwise, in float64. */
export function sumOver(params: Parameter[], f: (w: number, g: number) => number): number {
  let s = 0;
  for (const p of params) {
    const g = p.grad?.data;
    if (!g) continue;
    for (let i = 0; i < p.data.length; i++) s += f(p.data[i], g[i]);
  }
  return s;
}

/** A forward pass without gradients (for proxies that only look at activations). */
export const forwardOnly = (model: Module, x: Tensor): void => noGrad(() => tidy(() => { model.forward(x); }));
