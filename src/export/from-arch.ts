/** Lowers a model built from an architecture graph: the same walk as its forward pass, with graph nodes for values. */
import type { ArchModel } from '../arch/build.js';
import type { Preprocessing } from '../data/prepare.js';
import { GraphBuilder, type InferenceGraph } from './graph.js';
import { lowerModule } from './from-sequential.js';
import { scaledInput, scaledOutput } from './preprocessing.js';

/**
 * A dead vertex still feeds its successors (a BN after a convolution of zeros outputs its shift), so it
 * stays in the graph: a layer with zero weights over a value of the same shape, which every format lowers.
 */
function zerosLike(g: GraphBuilder, shape: readonly number[], like: number, where: string): number {
  const width = shape[0];
  if (shape.length === 1) return g.add({ kind: 'dense', input: like, weight: new Float32Array(width * width), inFeatures: width, outFeatures: width, bias: null }, where);
  return g.add({ kind: 'conv2d', input: like, weight: new Float32Array(width * width), weightShape: [width, width, 1, 1], bias: null, stride: 1, padding: 0 }, where);
}

export function graphFromArchModel(model: ArchModel, pre: Preprocessing = {}): InferenceGraph {
  const g = new GraphBuilder(model.inputShape);
  const out = model.evaluate<number>(scaledInput(g, pre), {
    apply: (m, x, where) => lowerModule(g, m, x, where),
    scale: (x, factor, where) => g.add({ kind: 'standardize', input: x, center: 0, factor }, where),
    add: (a, b, where) => g.add({ kind: 'binary', op: 'add', a, b }, where),
    max: (a, b, where) => g.add({ kind: 'binary', op: 'max', a, b }, where),
    zeros: (v, shape, like) => zerosLike(g, shape, like, `vertex ${v} (no live input)`),
  });
  return g.finish(scaledOutput(g, pre, out));
}
