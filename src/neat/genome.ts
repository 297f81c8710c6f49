/**
 * A NEAT genome (Stanley & Miikkulainen 2002): node genes (inputs, a bias,
 * hidden nodes, outputs, each with an activation) and connection genes
 * (from, to, weight, enabled, and an innovation number that names the
 * structural change that created it, so two genomes' genes can be aligned
 * in crossover). As JSON it is a versioned document; `checkGenome` refuses a
 * cycle, a connection to a missing node and an unknown activation, naming
 * each.
 */
import { findCycle as findGraphCycle } from '../arch/graph.js';
import { ACTIVATION_NAMES, type Activation, isActivation } from './activations.js';

export type { Activation } from './activations.js';

export type NodeKind = 'input' | 'bias' | 'hidden' | 'output';
export interface NodeGene { id: number; kind: NodeKind; activation: Activation }
export interface ConnectionGene { innovation: number; from: number; to: number; weight: number; enabled: boolean }
/** What both NEAT and WANN populations are made of: networks of this many inputs and outputs, `population` of them, from `seed`. */
export interface PopulationShape { inputs: number; outputs: number; population: number; seed: number }

export interface Genome { format: 'topiary-genome'; version: 1; nodes: NodeGene[]; connections: ConnectionGene[] }

/** Throws, naming the gene and the fix, unless the genome is a well-formed feed-forward network. */
export function checkGenome(g: Genome, where = 'genome'): void {
  if (g?.format !== 'topiary-genome' || g.version !== 1) throw new Error(`${where}: format/version is ${JSON.stringify([g?.format, g?.version])}; expected ["topiary-genome", 1]`);
  const ids = new Map<number, NodeGene>();
  g.nodes.forEach((n, i) => {
    if (!isActivation(n.activation)) throw new Error(`${where}: nodes[${i}] (id ${n.id}) has activation "${n.activation}"; expected one of ${ACTIVATION_NAMES.join(', ')}`);
    if (ids.has(n.id)) throw new Error(`${where}: nodes[${i}] repeats node id ${n.id}; every node needs its own id`);
    ids.set(n.id, n);
  });
  g.connections.forEach((c, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!ids.has(c[end])) throw new Error(`${where}: connections[${i}] (innovation ${c.innovation}) ${end === 'from' ? 'comes from' : 'goes to'} node ${c[end]}, which the genome does not have; add the node or remove the connection`);
    }
    if (['input', 'bias'].includes(ids.get(c.to)!.kind)) throw new Error(`${where}: connections[${i}] (innovation ${c.innovation}) goes into ${ids.get(c.to)!.kind} node ${c.to}; inputs and the bias take no connections`);
  });
  const cycle = findCycle(g);
  if (cycle) throw new Error(`${where}: the enabled connections form a cycle through nodes ${cycle.join(' → ')}; a feed-forward genome needs none (disable one of them)`);
}

/** The node ids of a cycle among enabled connections, or null (the architecture graphs' search, on node positions). */
export function findCycle(g: Genome): number[] | null {
  const position = new Map(g.nodes.map((n, i) => [n.id, i]));
  const edges = g.connections.filter((c) => c.enabled).map((c) => ({ from: position.get(c.from)!, to: position.get(c.to)! }));
  return findGraphCycle(g.nodes.length, edges)?.map((i) => g.nodes[i].id) ?? null;
}

/** Whether adding a connection from → to would close a cycle (to already reaches from). */
/**
 * A connection the genome lacks that keeps it acyclic, drawn from a node that is not an output to a hidden or output
 * node; null when `attempts` draws found none (the genome may be nearly fully connected).
 */
export function newConnectionEnds(g: Genome, rng: { int(n: number): number }, attempts: number): { from: number; to: number } | null {
  const sources = g.nodes.filter((n) => n.kind !== 'output'), targets = g.nodes.filter((n) => n.kind === 'hidden' || n.kind === 'output');
  for (let attempt = 0; attempt < attempts; attempt++) {
    const from = sources[rng.int(sources.length)].id, to = targets[rng.int(targets.length)].id;
    if (!g.connections.some((c) => c.from === from && c.to === to) && !wouldCycle(g, from, to)) return { from, to };
  }
  return null;
}

export function wouldCycle(g: Genome, from: number, to: number): boolean {
  if (from === to) return true;
  const out = new Map<number, number[]>();
  for (const c of g.connections) {
    if (!c.enabled) continue;
    const targets = out.get(c.from);
    if (targets) targets.push(c.to); else out.set(c.from, [c.to]);
  }
  const seen = new Set<number>(), stack = [to];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === from) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(out.get(n) ?? []));
  }
  return false;
}

/** The ids of the nodes that compute (hidden and output) in an order where every node follows its sources. */
export function computingOrder(g: Genome): number[] {
  const incoming = new Map<number, number[]>();
  for (const c of g.connections) if (c.enabled) incoming.set(c.to, [...(incoming.get(c.to) ?? []), c.from]);
  // Depth-first; the genome has no cycle (checked by the callers).
  const order: number[] = [], done = new Set<number>(g.nodes.filter((n) => n.kind === 'input' || n.kind === 'bias').map((n) => n.id));
  const visit = (id: number) => {
    if (done.has(id)) return;
    done.add(id);
    for (const from of incoming.get(id) ?? []) visit(from);
    order.push(id);
  };
  for (const n of g.nodes) if (n.kind === 'hidden' || n.kind === 'output') visit(n.id);
  return order;
}

/**
 * Each node's depth: 0 for inputs and the bias, else one more than its deepest source; outputs all share
 * the last depth, so a drawing or an exported graph has them in one final column.
 */
export function nodeDepths(g: Genome): Map<number, number> {
  const depth = new Map<number, number>(), enabled = g.connections.filter((c) => c.enabled);
  for (const n of g.nodes) if (n.kind === 'input' || n.kind === 'bias') depth.set(n.id, 0);
  for (const id of computingOrder(g)) depth.set(id, 1 + Math.max(0, ...enabled.filter((c) => c.to === id).map((c) => depth.get(c.from) ?? 0)));
  const last = Math.max(0, ...g.nodes.filter((n) => n.kind !== 'output').map((n) => depth.get(n.id)!)) + 1;
  for (const n of g.nodes) if (n.kind === 'output') depth.set(n.id, last);
  return depth;
}

export const hiddenCount = (g: Genome): number => g.nodes.filter((n) => n.kind === 'hidden').length;
export const enabledCount = (g: Genome): number => g.connections.filter((c) => c.enabled).length;

// Fields spelled out rather than spread: a WANN generation clones millions of connection genes (an MNIST genome
// carries ~2,500), and object literals of one shape clone several times faster.
export const cloneGenome = (g: Genome): Genome => ({
  format: 'topiary-genome', version: 1,
  nodes: g.nodes.map((n) => ({ id: n.id, kind: n.kind, activation: n.activation })),
  connections: g.connections.map((c) => ({ innovation: c.innovation, from: c.from, to: c.to, weight: c.weight, enabled: c.enabled })),
});

/**
 * A first-generation genome: inputs 0..I−1, the bias I, outputs after it, and one connection gene per
 * input-or-bias × output pair (output by output), its innovation, weight and flag from `connect`.
 */
export function minimalGenome(inputs: number, outputs: number, outputActivation: Activation,
  connect: (from: number, to: number, index: number) => Omit<ConnectionGene, 'from' | 'to'>): Genome {
  const nodes: NodeGene[] = [
    ...Array.from({ length: inputs }, (_, i): NodeGene => ({ id: i, kind: 'input', activation: 'linear' })),
    { id: inputs, kind: 'bias', activation: 'linear' },
    ...Array.from({ length: outputs }, (_, k): NodeGene => ({ id: inputs + 1 + k, kind: 'output', activation: outputActivation })),
  ];
  const connections: ConnectionGene[] = [];
  for (let k = 0; k < outputs; k++) for (let i = 0; i <= inputs; i++) connections.push({ from: i, to: inputs + 1 + k, ...connect(i, inputs + 1 + k, connections.length) });
  return { format: 'topiary-genome', version: 1, nodes, connections };
}
