/**
 * A genome as a network evaluated on a whole batch at once: nodes in
 * topological order, each node's inputs summed over the batch as arrays
 * (node-major, so the JavaScript loop is over nodes and connections, not over
 * samples).
 */
import { ACTIVATIONS, type Genome, checkGenome } from './genome.js';

export interface Network { readonly inputs: number; readonly outputs: number; evaluate(x: Float32Array, n: number): Float32Array }

export function compile(g: Genome): Network {
  checkGenome(g);
  const inputs = g.nodes.filter((n) => n.kind === 'input').map((n) => n.id), outputs = g.nodes.filter((n) => n.kind === 'output').map((n) => n.id);
  const bias = g.nodes.find((n) => n.kind === 'bias')?.id;
  const incoming = new Map<number, { from: number; weight: number }[]>();
  for (const c of g.connections) if (c.enabled) incoming.set(c.to, [...(incoming.get(c.to) ?? []), { from: c.from, weight: c.weight }]);
  // Topological order of the nodes that compute (hidden and output), by depth-first search from each.
  const order: number[] = [], done = new Set<number>([...inputs, ...(bias === undefined ? [] : [bias])]);
  const kindOf = new Map(g.nodes.map((n) => [n.id, n]));
  const visit = (id: number) => {
    if (done.has(id)) return;
    done.add(id);
    for (const { from } of incoming.get(id) ?? []) visit(from);
    order.push(id);
  };
  for (const n of g.nodes) if (n.kind === 'hidden' || n.kind === 'output') visit(n.id);
  return {
    inputs: inputs.length, outputs: outputs.length,
    evaluate(x, n) {
      if (x.length !== n * inputs.length) throw new Error(`network: got ${x.length} input values for ${n} rows; expected ${inputs.length} per row`);
      const values = new Map<number, Float32Array>();
      inputs.forEach((id, k) => { const v = new Float32Array(n); for (let r = 0; r < n; r++) v[r] = x[r * inputs.length + k]; values.set(id, v); });
      if (bias !== undefined) values.set(bias, new Float32Array(n).fill(1));
      for (const id of order) {
        const sum = new Float32Array(n);
        for (const { from, weight } of incoming.get(id) ?? []) { const v = values.get(from)!; for (let r = 0; r < n; r++) sum[r] += weight * v[r]; }
        const f = ACTIVATIONS[kindOf.get(id)!.activation];
        for (let r = 0; r < n; r++) sum[r] = f(sum[r]);
        values.set(id, sum);
      }
      const out = new Float32Array(n * outputs.length);
      outputs.forEach((id, k) => { const v = values.get(id)!; for (let r = 0; r < n; r++) out[r * outputs.length + k] = v[r]; });
      return out;
    },
  };
}
