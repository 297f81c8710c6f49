/** Lowers a model built from an architecture graph: the same walk as its forward pass, with graph nodes for values. */
import type { ArchModel } from '../arch/build.js';
import type { Preprocessing } from '../data/prepare.js';
import { GraphBuilder, type InferenceGraph } from './graph.js';
import { lowerModule } from './from-sequential.js';
import { scaledInput, scaledOutput } from './preprocessing.js';

export function graphFromArchModel(model: ArchModel, pre: Preprocessing = {}): InferenceGraph {
  const g = new GraphBuilder(model.inputShape);
  const out = model.evaluate<number>(scaledInput(g, pre), {
    apply: (m, x, where) => lowerModule(g, m, x, where),
    scale: (x, factor, where) => g.add({ kind: 'standardize', input: x, center: 0, factor }, where),
    add: (a, b, where) => g.add({ kind: 'binary', op: 'add', a, b }, where),
    max: (a, b, where) => g.add({ kind: 'binary', op: 'max', a, b }, where),
    zeros: (v) => { throw new Error(`export: vertex ${v} has no live input (its value is constant zero); drop the vertex from the architecture to export it`); },
  });
  return g.finish(scaledOutput(g, pre, out));
}
