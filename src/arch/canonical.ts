/**
 * Canonical form and hash of a discrete architecture: edges without an op
 * (none/zero) and vertices off every input→output path are dropped, a vertex
 * with one input aggregates as "sum", and the inner vertices are numbered by
 * the labelling with the smallest description — so isomorphic cells (and cells
 * that differ only in dead parts) hash equal.
 */
import { createHash } from 'node:crypto';
import { type Aggregation, type ArchGraph, ZERO_OPS, chosenOp, isDiscrete } from './graph.js';

export interface CanonicalArch { space: string; nodes: number; aggregation: Aggregation[]; edges: [number, number, string][] }

/** Brute force over labellings; cells with more inner vertices than this are refused rather than hashed wrongly. */
const MAX_INNER = 8;

export function canonicalForm(arch: ArchGraph): CanonicalArch {
  if (!isDiscrete(arch)) throw new Error('canonicalForm: needs a discrete architecture (one-hot γ on every edge); discretize it first');
  const last = arch.nodes - 1;
  const live = arch.edges.map((e) => ({ from: e.from, to: e.to, op: chosenOp(e) })).filter((e) => !ZERO_OPS.includes(e.op));
  const reach = (start: number, step: (e: { from: number; to: number }) => [number, number]) => {
    const seen = new Set([start]), todo = [start];
    while (todo.length) { const v = todo.pop()!; for (const e of live) { const [a, b] = step(e); if (a === v && !seen.has(b)) { seen.add(b); todo.push(b); } } }
    return seen;
  };
  const fromInput = reach(0, (e) => [e.from, e.to]), toOutput = reach(last, (e) => [e.to, e.from]);
  if (!toOutput.has(0)) return { space: arch.space, nodes: 2, aggregation: ['sum'], edges: [] };
  const useful = (v: number) => fromInput.has(v) && toOutput.has(v);
  const edges = live.filter((e) => useful(e.from) && useful(e.to));
  const inner = [...fromInput].filter((v) => v !== 0 && v !== last && useful(v)).sort((a, b) => a - b);
  if (inner.length > MAX_INNER) throw new Error(`canonicalForm: ${inner.length} inner vertices; at most ${MAX_INNER} are supported`);
  const indegree = (v: number) => edges.filter((e) => e.to === v).length;
  const agg = (v: number): Aggregation => (indegree(v) <= 1 ? 'sum' : arch.aggregation[v - 1]);
  let best: CanonicalArch | null = null, bestKey = '';
  for (const perm of permutations(inner.length)) {
    const label = new Map<number, number>([[0, 0], [last, inner.length + 1]]);
    inner.forEach((v, i) => label.set(v, perm[i] + 1));
    const form: CanonicalArch = {
      space: arch.space, nodes: inner.length + 2,
      aggregation: [...inner.map((v) => [label.get(v)!, agg(v)] as const), [inner.length + 1, agg(last)] as const].sort((a, b) => a[0] - b[0]).map(([, g]) => g),
      edges: edges.map((e): [number, number, string] => [label.get(e.from)!, label.get(e.to)!, e.op]).sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0)),
    };
    const key = JSON.stringify([form.aggregation, form.edges]);
    if (best === null || key < bestKey) { best = form; bestKey = key; }
  }
  return best!;
}

/** 16 hex digits of SHA-256 over the canonical form. */
export function archHash(arch: ArchGraph): string {
  return createHash('sha256').update(JSON.stringify(canonicalForm(arch))).digest('hex').slice(0, 16);
}

function* permutations(n: number): Generator<number[]> {
  const a = [...Array(n).keys()];
  const rec = function* (k: number): Generator<number[]> {
    if (k === n) { yield [...a]; return; }
    for (let i = k; i < n; i++) { [a[k], a[i]] = [a[i], a[k]]; yield* rec(k + 1); [a[k], a[i]] = [a[i], a[k]]; }
  };
  yield* rec(0);
}
