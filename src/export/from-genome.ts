/**
 * A NEAT or weight-agnostic genome lowered to the inference graph. Nodes are
 * computed a depth at a time: the values so far (inputs, a constant 1 for the
 * bias, then every earlier depth) are one feature vector, and each group of
 * same-activation nodes at a depth is one dense layer over it (zero where no
 * connection exists) followed by that activation. The activation's input
 * scale (π for sin and cos, 4.9 for the sigmoid) is folded into the dense
 * weights, so the graph uses plain ONNX operators.
 */
import { ACTIVATION_DEFS, type Activation } from '../neat/activations.js';
import { type Genome, checkGenome, nodeDepths } from '../neat/genome.js';
import { GraphBuilder, type InferenceGraph } from './graph.js';

/** `sharedWeight`: give every enabled connection this weight (a weight-agnostic network at its tuned weight); else the genome's own. */
export function graphFromGenome(g: Genome, sharedWeight?: number): InferenceGraph {
  checkGenome(g);
  const inputs = g.nodes.filter((n) => n.kind === 'input'), depth = nodeDepths(g);
  const b = new GraphBuilder([inputs.length]);
  // Column of each node in the running feature vector.
  const column = new Map<number, number>(inputs.map((n, k) => [n.id, k]));
  let features = 0, width = inputs.length;
  const biasNodes = g.nodes.filter((n) => n.kind === 'bias');
  if (biasNodes.length) {
    const one = b.add({ kind: 'constant', value: 1, like: 0 }, 'bias');
    features = b.add({ kind: 'concat', inputs: [0, one] }, 'bias');
    for (const n of biasNodes) column.set(n.id, width);
    width += 1;
  }
  const incoming = new Map<number, { from: number; weight: number }[]>();
  for (const c of g.connections) if (c.enabled) incoming.set(c.to, [...(incoming.get(c.to) ?? []), { from: c.from, weight: sharedWeight ?? c.weight }]);
  const last = Math.max(...depth.values());
  for (let d = 1; d <= last; d++) {
    const groups = new Map<Activation, number[]>();
    for (const n of g.nodes) if (depth.get(n.id) === d && (n.kind === 'hidden' || n.kind === 'output')) groups.set(n.activation, [...(groups.get(n.activation) ?? []), n.id]);
    const parts = [features];
    let added = 0;
    for (const [activation, ids] of groups) {
      const def = ACTIVATION_DEFS[activation], weight = new Float32Array(ids.length * width);
      ids.forEach((id, k) => { for (const c of incoming.get(id) ?? []) weight[k * width + column.get(c.from)!] += def.scale * c.weight; });
      let value = b.add({ kind: 'dense', input: features, weight, inFeatures: width, outFeatures: ids.length, bias: null }, `depth ${d} ${activation} nodes ${ids.join(',')}`);
      if (def.op !== 'identity') value = b.add({ kind: 'unary', input: value, op: def.op, alpha: 0 }, `depth ${d} ${activation}`);
      parts.push(value);
      ids.forEach((id, k) => column.set(id, width + added + k));
      added += ids.length;
    }
    features = b.add({ kind: 'concat', inputs: parts }, `depth ${d}`);
    width += added;
  }
  const outputs = g.nodes.filter((n) => n.kind === 'output').map((n) => column.get(n.id)!);
  return b.finish(b.add({ kind: 'columns', input: features, indices: outputs }, 'outputs'));
}
