/** Lowers a plain layer stack into the inference graph (fold switches first: sourceFromSequential does). */
import { BatchNorm } from '../nn/batchnorm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Dense } from '../nn/dense.js';
import { Activation, AvgPool2d, Dropout, Flatten, MaxPool2d } from '../nn/layers.js';
import type { Module } from '../nn/module.js';
import type { Sequential } from '../nn/sequential.js';
import type { UnaryOp } from '../core/kernel.js';
import { GraphBuilder, type InferenceGraph } from './graph.js';

export function graphFromSequential(model: Sequential, inputShape: number[]): InferenceGraph {
  const g = new GraphBuilder(inputShape);
  let h = 0;
  const activate = (op: UnaryOp, alpha: number, origin: string) => { if (op !== 'identity') h = g.add({ kind: 'unary', input: h, op, alpha }, origin); };
  model.layers.forEach((m: Module, i) => {
    const origin = `layers[${i}] (${m.constructor.name})`;
    const copy = (p: { data: Float32Array } | null) => (p ? p.data.slice() : null);
    if (m instanceof Dense) {
      h = g.add({ kind: 'dense', input: h, weight: m.weight.data.slice(), inFeatures: m.inFeatures, outFeatures: m.outFeatures, bias: copy(m.bias) }, origin);
      activate(m.activation, m.alpha, origin);
    } else if (m instanceof Conv2d) {
      h = g.add({ kind: 'conv2d', input: h, weight: m.weight.data.slice(), weightShape: [...m.weight.shape], bias: copy(m.bias), stride: m.stride, padding: m.padding }, origin);
    } else if (m instanceof MaxPool2d || m instanceof AvgPool2d) {
      h = g.add({ kind: 'pool', input: h, mode: m instanceof MaxPool2d ? 'max' : 'avg', kernel: m.kernelSize, stride: m.stride, padding: m.padding }, origin);
    } else if (m instanceof Flatten) {
      h = g.add({ kind: 'flatten', input: h }, origin);
    } else if (m instanceof Activation) {
      activate(m.op, m.alpha, origin);
    } else if (m instanceof BatchNorm) {
      h = g.add({ kind: 'batchnorm', input: h, gamma: m.gamma.data.slice(), beta: m.beta.data.slice(), mean: m.runningMean.data.slice(), variance: m.runningVar.data.slice(), eps: m.eps }, origin);
    } else if (!(m instanceof Dropout)) {
      throw new Error(`export: ${origin} has no export form; supported layers are Dense, Conv2d, MaxPool2d, AvgPool2d, Flatten, Activation, BatchNorm and Dropout (switches are folded into weights first)`);
    }
  });
  return g.finish(h);
}
