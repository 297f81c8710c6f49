/** Lowers an evolved op graph into the inference graph: op columns become elementwise nodes. */
import { EvolvingNet } from '../evolve/ev-net.js';
import { OP_CLIP, OP_NORM_EPS, type Operand } from '../evolve/ev-layer.js';
import type { EvOpName } from '../evolve/ops.js';
import { GraphBuilder, type GraphNode, type InferenceGraph } from './graph.js';

/** How each evolved op becomes a graph node; the type checker asks for every op name. */
const LOWER: { [K in EvOpName]: (a: number, b: number) => GraphNode } = {
  add: (a, b) => ({ kind: 'binary', op: 'add', a, b }),
  sub: (a, b) => ({ kind: 'binary', op: 'sub', a, b }),
  mul: (a, b) => ({ kind: 'binary', op: 'mul', a, b }),
  max: (a, b) => ({ kind: 'binary', op: 'max', a, b }),
  min: (a, b) => ({ kind: 'binary', op: 'min', a, b }),
  tanh: (a) => ({ kind: 'unary', input: a, op: 'tanh', alpha: 0 }),
  sin: (a) => ({ kind: 'unary', input: a, op: 'sin', alpha: 0 }),
  square: (a) => ({ kind: 'unary', input: a, op: 'square', alpha: 0 }),
  abs: (a) => ({ kind: 'unary', input: a, op: 'abs', alpha: 0 }),
};

export function graphFromOpGraph(net: EvolvingNet, inputShape: number[]): InferenceGraph {
  const g = new GraphBuilder(inputShape);
  let h = inputShape.length > 1 ? g.add({ kind: 'flatten', input: 0 }, 'input') : 0;
  net.layers.forEach((layer, li) => {
    if (layer.norm === 'l2') {
      throw new Error(`export: layers[${li}] normalises its ops over the whole batch (norm l2), so its output depends on the batch; evolve with --norm batch or none to export`);
    }
    const inputCols = new Map<number, number>();
    const cols: number[] = [];
    const value = (o: Operand, where: string): number => {
      if (o.kind === 'op') return cols[o.index];
      if (o.kind === 'const') return g.add({ kind: 'constant', value: o.param.data[0], like: h }, where);
      let c = inputCols.get(o.index);
      if (c === undefined) { c = g.add({ kind: 'columns', input: h, indices: [o.index] }, where); inputCols.set(o.index, c); }
      return c;
    };
    layer.ops.forEach((op, k) => {
      const where = `layers[${li}].ops[${k}] (${op.fn})`;
      const a = value(op.a, where);
      let v = g.add(LOWER[op.fn](a, op.b ? value(op.b, where) : a), where);
      if (layer.norm === 'batch') {
        v = g.add({ kind: 'standardize', input: v, center: op.runningMean, factor: 1 / Math.sqrt(op.runningVar + OP_NORM_EPS) }, where);
        v = g.add({ kind: 'clip', input: v, min: -OP_CLIP, max: OP_CLIP }, where);
      }
      cols.push(v);
    });
    const origin = `layers[${li}]`;
    const joined = cols.length ? g.add({ kind: 'concat', inputs: [h, ...cols] }, origin) : h;
    h = g.add({ kind: 'dense', input: joined, weight: layer.weight.data.slice(), inFeatures: layer.weight.shape[1], outFeatures: layer.outputs, bias: layer.bias.data.slice() }, origin);
    if (li < net.layers.length - 1) h = g.add({ kind: 'unary', input: h, op: 'tanh', alpha: 0 }, origin);
  });
  return g.finish(h);
}
