/** Lowers plain layers (and stacks of them, nested) into the inference graph; fold switches first (sourceFromSequential does). */
import { BatchNorm } from '../nn/batchnorm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Dense } from '../nn/dense.js';
import { Activation, AvgPool2d, Dropout, Flatten, MaxPool2d } from '../nn/layers.js';
import type { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import type { UnaryOp } from '../core/kernel.js';
import type { Preprocessing } from '../data/prepare.js';
import { GraphBuilder, type InferenceGraph } from './graph.js';
import { scaledInput, scaledOutput } from './preprocessing.js';

/** Adds `m` applied to node `h`; returns the node of its output. */
export function lowerModule(g: GraphBuilder, m: Module, h: number, origin: string): number {
  const activate = (x: number, op: UnaryOp, alpha: number) => (op === 'identity' ? x : g.add({ kind: 'unary', input: x, op, alpha }, origin));
  const copy = (p: { data: Float32Array } | null) => (p ? p.data.slice() : null);
  if (m instanceof Sequential) return m.layers.reduce((x, l, i) => lowerModule(g, l, x, `${origin}.layers[${i}] (${l.constructor.name})`), h);
  if (m instanceof Dense) {
    const y = g.add({ kind: 'dense', input: h, weight: m.weight.data.slice(), inFeatures: m.inFeatures, outFeatures: m.outFeatures, bias: copy(m.bias) }, origin);
    return activate(y, m.activation, m.alpha);
  }
  if (m instanceof Conv2d) {
    return g.add({ kind: 'conv2d', input: h, weight: m.weight.data.slice(), weightShape: [...m.weight.shape], bias: copy(m.bias), stride: m.stride, padding: m.padding }, origin);
  }
  if (m instanceof MaxPool2d || m instanceof AvgPool2d) {
    return g.add({ kind: 'pool', input: h, mode: m instanceof MaxPool2d ? 'max' : 'avg', kernel: m.kernelSize, stride: m.stride, padding: m.padding }, origin);
  }
  if (m instanceof Flatten) return g.add({ kind: 'flatten', input: h }, origin);
  if (m instanceof Activation) return activate(h, m.op, m.alpha);
  if (m instanceof BatchNorm) {
    return g.add({ kind: 'batchnorm', input: h, gamma: m.gamma.data.slice(), beta: m.beta.data.slice(), mean: m.runningMean.data.slice(), variance: m.runningVar.data.slice(), eps: m.eps }, origin);
  }
  if (m instanceof Dropout) return h;
  throw new Error(`export: ${origin} has no export form; supported layers are Dense, Conv2d, MaxPool2d, AvgPool2d, Flatten, Activation, BatchNorm and Dropout (switches are folded into weights first)`);
}

export function graphFromSequential(model: Sequential, inputShape: number[], pre: Preprocessing = {}): InferenceGraph {
  const g = new GraphBuilder(inputShape);
  const out = model.layers.reduce((h, m, i) => lowerModule(g, m, h, `layers[${i}] (${m.constructor.name})`), scaledInput(g, pre));
  return g.finish(scaledOutput(g, pre, out));
}
