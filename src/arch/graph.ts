/**
 * Architecture as data (seed 002): a DAG whose vertex 0 is the input x and
 * whose last vertex is the model; every edge carries candidate primitive ops
 * with structure weights γ ∈ [0, 1]^K, every other vertex an aggregation of
 * its incoming edges. A discrete architecture has one-hot γ on every edge.
 * Op names belong to a search space (`space`); `none` and `zero` mean "no edge".
 */
import { checkDocument } from '../core/fields.js';

export const AGGREGATIONS = ['sum', 'mean', 'max'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const ZERO_OPS: readonly string[] = ['none', 'zero'];

export interface ArchEdge { from: number; to: number; ops: string[]; gamma: number[] }

export interface ArchGraph {
  format: 'topiary-arch';
  version: 1;
  space: string;
  /** Vertices 0..nodes−1. */
  nodes: number;
  /** Aggregation of vertices 1..nodes−1 (entry i is vertex i + 1). */
  aggregation: Aggregation[];
  edges: ArchEdge[];
}

/** Throws naming the field, what it holds and what is allowed; `ops` restricts op names (a space's). */
export function validateArch(value: unknown, where = 'architecture', ops?: readonly string[]): asserts value is ArchGraph {
  const fail = checkDocument(value, where, 'topiary-arch');
  const a = value as Partial<ArchGraph>;
  if (typeof a.space !== 'string') fail('space', a.space, 'the name of a search space');
  const n = a.nodes!;
  if (!Number.isInteger(n) || n < 2) fail('nodes', n, 'an integer >= 2 (the input and the output)');
  if (!Array.isArray(a.aggregation) || a.aggregation.length !== n - 1) fail('aggregation', a.aggregation, `an array of ${n - 1} aggregations (one per vertex after the input)`);
  a.aggregation!.forEach((g, i) => { if (!AGGREGATIONS.includes(g)) fail(`aggregation[${i}]`, g, `one of ${AGGREGATIONS.join(', ')}`); });
  if (!Array.isArray(a.edges)) fail('edges', a.edges, 'an array of {from, to, ops, gamma}');
  a.edges!.forEach((e, i) => {
    for (const k of ['from', 'to'] as const) if (!Number.isInteger(e[k]) || e[k] < 0 || e[k] >= n) fail(`edges[${i}].${k}`, e[k], `a vertex in 0..${n - 1}`);
    if (e.to === 0) fail(`edges[${i}].to`, e.to, 'a vertex other than the input 0');
    if (e.from === e.to) fail(`edges[${i}]`, [e.from, e.to], 'an edge between two different vertices');
    if (!Array.isArray(e.ops) || e.ops.length === 0) fail(`edges[${i}].ops`, e.ops, 'a non-empty array of op names');
    e.ops.forEach((o, k) => { if (ops && !ops.includes(o)) fail(`edges[${i}].ops[${k}]`, o, `an op of space "${a.space}": ${ops.join(', ')}`); });
    if (!Array.isArray(e.gamma) || e.gamma.length !== e.ops.length) fail(`edges[${i}].gamma`, e.gamma, `${e.ops.length} weights, one per op`);
    e.gamma.forEach((g, k) => { if (!(g >= 0 && g <= 1)) fail(`edges[${i}].gamma[${k}]`, g, 'a number in [0, 1]'); });
  });
  const cycle = findCycle(n, a.edges!);
  if (cycle) throw new Error(`${where}: the edges form a cycle ${cycle.join(' → ')}; an architecture must be acyclic`);
}

/** A cycle as a vertex path (first vertex repeated at the end), or null. */
export function findCycle(nodes: number, edges: readonly { from: number; to: number }[]): number[] | null {
  const out = Array.from({ length: nodes }, () => [] as number[]);
  for (const e of edges) out[e.from].push(e.to);
  const state = new Uint8Array(nodes), stack: number[] = [];
  const visit = (v: number): number[] | null => {
    state[v] = 1; stack.push(v);
    for (const w of out[v]) {
      if (state[w] === 1) return [...stack.slice(stack.indexOf(w)), w];
      if (state[w] === 0) { const c = visit(w); if (c) return c; }
    }
    state[v] = 2; stack.pop();
    return null;
  };
  for (let v = 0; v < nodes; v++) if (state[v] === 0) { const c = visit(v); if (c) return c; }
  return null;
}

/** Vertices in an order where every edge goes forward (the graph must be acyclic). */
export function topologicalOrder(arch: ArchGraph): number[] {
  const indeg = new Array<number>(arch.nodes).fill(0);
  for (const e of arch.edges) indeg[e.to]++;
  const ready = [...indeg.keys()].filter((v) => indeg[v] === 0), order: number[] = [];
  while (ready.length) {
    const v = ready.shift()!;
    order.push(v);
    for (const e of arch.edges) if (e.from === v && --indeg[e.to] === 0) ready.push(e.to);
  }
  return order;
}

export const isDiscrete = (arch: ArchGraph): boolean => arch.edges.every((e) => e.gamma.filter((g) => g === 1).length === 1 && e.gamma.every((g) => g === 0 || g === 1));

/** The op an edge of a discrete architecture uses. */
export function chosenOp(e: ArchEdge): string { return e.ops[e.gamma.indexOf(Math.max(...e.gamma))]; }

/** One-hot γ at each edge's largest weight (first on ties). */
export function discretize(arch: ArchGraph): ArchGraph {
  return { ...arch, edges: arch.edges.map((e) => { const k = e.gamma.indexOf(Math.max(...e.gamma)); return { ...e, gamma: e.gamma.map((_, j) => (j === k ? 1 : 0)) }; }) };
}
