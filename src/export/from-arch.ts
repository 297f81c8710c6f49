/** Lowers a model built from an architecture graph: stem, every vertex's weighted edge sum and aggregation, head. */
import type { ArchModel } from '../arch/build.js';
import { GraphBuilder, type InferenceGraph } from './graph.js';
import { lowerModule } from './from-sequential.js';
import { scaledInput, scaledOutput } from './preprocessing.js';
import type { Preprocessing } from '../data/prepare.js';

export function graphFromArchModel(model: ArchModel, pre: Preprocessing = {}): InferenceGraph {
  const g = new GraphBuilder(model.inputShape);
  const values: number[] = [];
  const x = scaledInput(g, pre);
  values[0] = model.stem ? lowerModule(g, model.stem, x, 'stem') : x;
  for (const v of model.order) {
    if (v === 0) continue;
    const inputs: number[] = [];
    model.edges.forEach((e, i) => {
      if (e.to !== v || e.terms.length === 0) return;
      const origin = `edges[${i}] (${e.from} → ${e.to})`;
      const weighted = e.terms.map((t, k) => {
        const y = t.module ? lowerModule(g, t.module, values[e.from], `${origin}.ops[${k}]`) : values[e.from];
        return t.gamma === 1 ? y : g.add({ kind: 'standardize', input: y, center: 0, factor: t.gamma }, origin);
      });
      inputs.push(weighted.reduce((a, b) => g.add({ kind: 'binary', op: 'add', a, b }, origin)));
    });
    if (inputs.length === 0) throw new Error(`export: vertex ${v} has no live input (its value is constant zero); drop the vertex from the architecture to export it`);
    const kind = model.arch.aggregation[v - 1], origin = `vertex ${v} (${kind})`;
    let out = inputs.reduce((a, b) => g.add({ kind: 'binary', op: kind === 'max' ? 'max' : 'add', a, b }, origin));
    if (kind === 'mean' && inputs.length > 1) out = g.add({ kind: 'standardize', input: out, center: 0, factor: 1 / inputs.length }, origin);
    values[v] = out;
  }
  return g.finish(scaledOutput(g, pre, lowerModule(g, model.head, values[model.arch.nodes - 1], 'head')));
}
