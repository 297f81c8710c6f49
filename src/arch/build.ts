/**
 * Architecture + search space → trainable model: stem, then every vertex in
 * topological order aggregates Σₖ γₖ·opₖ(f_from) over its incoming edges
 * (ops with γ = 0 and zero ops are not built), then the head reads the last vertex.
 */
import { add, maximum, mul } from '../core/ops/elementwise.js';
import { weightedSum } from '../core/ops/weighted-sum.js';
import { Rng } from '../core/random.js';
import { Tensor } from '../core/tensor.js';
import { Module } from '../nn/module.js';
import type { CellSpace } from './cell-space.js';
import { type ArchGraph, topologicalOrder, validateArch } from './graph.js';

/** One op of an edge with its weight γ (module null: the identity). */
export interface Term { gamma: number; module: Module | null }
export interface BuiltEdge { from: number; to: number; terms: Term[] }

/** How a model built from an architecture is saved: enough to build it again. */
/** `channels`: the space's width when it was built with one (absent: the space's default). */
export interface ArchModelSpec { format: 'topiary-arch-model'; version: 1; arch: ArchGraph; inputShape: number[]; outputs: number; channels?: number }

export class ArchModel extends Module {
  constructor(
    readonly arch: ArchGraph,
    readonly inputShape: number[],
    readonly outputs: number,
    readonly stem: Module | null,
    readonly edges: readonly BuiltEdge[],
    /** Vertices in topological order, and the shape of each vertex's value. */
    readonly order: readonly number[],
    readonly shapes: readonly number[][],
    readonly head: Module,
    readonly channels?: number,
  ) { super(); }

  spec(): ArchModelSpec {
    return { format: 'topiary-arch-model', version: 1, arch: this.arch, inputShape: [...this.inputShape], outputs: this.outputs, ...(this.channels !== undefined ? { channels: this.channels } : {}) };
  }

  override children(): Module[] {
    return [...(this.stem ? [this.stem] : []), ...this.edges.flatMap((e) => e.terms.flatMap((t) => (t.module ? [t.module] : []))), this.head];
  }

  /**
   * Walks the cell with `ops` supplying the arithmetic: tensors for the forward pass, graph nodes for export.
   * Each vertex in order gets Σ γ·op(f_from) per incoming edge, combined by its aggregation.
   */
  evaluate<T>(x: T, ops: CellOps<T>): T {
    const values: T[] = [];
    values[0] = this.stem ? ops.apply(this.stem, x, 'stem') : x;
    for (const v of this.order) {
      if (v === 0) continue;
      // Each live edge into v as its weighted terms γₖ·opₖ(f_from).
      const edges: { terms: T[]; gammas: number[]; where: string }[] = [];
      this.edges.forEach((e, i) => {
        if (e.to !== v || e.terms.length === 0) return;
        const where = `edges[${i}] (${e.from} → ${e.to})`;
        const terms = e.terms.map((t, k) => (t.module ? ops.apply(t.module, values[e.from], `${where}.ops[${k}]`) : values[e.from]));
        edges.push({ terms, gammas: e.terms.map((t) => t.gamma), where });
      });
      const kind = this.arch.aggregation[v - 1], where = `vertex ${v} (${kind})`;
      if (edges.length === 0) { values[v] = ops.zeros(v, this.shapes[v], values[this.sameShapeVertex(v)]); continue; }
      if (kind === 'max') {
        values[v] = edges.map((e) => weighted(ops, e.terms, e.gammas, e.where)).reduce((a, b) => ops.max(a, b, where));
      } else {
        // A sum (or mean) of sums of weighted terms is one weighted sum over every term.
        const share = kind === 'mean' ? 1 / edges.length : 1;
        values[v] = weighted(ops, edges.flatMap((e) => e.terms), edges.flatMap((e) => e.gammas.map((g) => g * share)), where);
      }
    }
    return ops.apply(this.head, values[this.arch.nodes - 1], 'head');
  }

  /** An already computed vertex whose value has the shape of `v` (build gives a dead vertex the shape of v − 1, else the stem's). */
  private sameShapeVertex(v: number): number {
    const before = this.order.slice(0, this.order.indexOf(v));
    const same = before.filter((u) => this.shapes[u].join() === this.shapes[v].join());
    return same[same.length - 1] ?? 0;
  }

  forward(x: Tensor): Tensor {
    const rows = x.shape[0];
    return this.evaluate<Tensor>(x, {
      apply: (m, t) => m.forward(t), scale: (t, f) => mul(t, f), add: (a, b) => add(a, b), max: (a, b) => maximum(a, b),
      weightedSum: (xs, ws) => weightedSum(xs, ws),
      zeros: (_v, shape) => Tensor.zeros([rows, ...shape]),
    });
  }
}

/** The arithmetic a walk over the cell needs; `where` names the part for error messages. */
export interface CellOps<T> {
  apply(m: Module, x: T, where: string): T;
  scale(x: T, factor: number, where: string): T;
  add(a: T, b: T, where: string): T;
  max(a: T, b: T, where: string): T;
  /** Σ weights[k]·xs[k] in one step, where the arithmetic has it (else scale and add are used). */
  weightedSum?(xs: T[], weights: number[], where: string): T;
  /** The value of a vertex without live inputs: zeros of `shape`, which is also the shape of `like`. */
  zeros(vertex: number, shape: readonly number[], like: T): T;
}

function weighted<T>(ops: CellOps<T>, xs: T[], weights: number[], where: string): T {
  if (xs.length === 1 && weights[0] === 1) return xs[0];
  if (ops.weightedSum) return ops.weightedSum(xs, weights, where);
  return xs.map((x, k) => (weights[k] === 1 ? x : ops.scale(x, weights[k], where))).reduce((a, b) => ops.add(a, b, where));
}

export function buildArchModel(arch: ArchGraph, space: CellSpace, inputShape: number[], outputs: number, seed: number): ArchModel {
  validateArch(arch, `architecture (space ${space.name})`, space.ops);
  if (arch.space !== space.name) throw new Error(`architecture: field "space" is "${arch.space}"; it is being built with space "${space.name}"`);
  const rng = new Rng(seed);
  const stem = space.stem(inputShape, rng);
  const order = topologicalOrder(arch);
  const shapes: number[][] = [];
  shapes[0] = stem.shape;
  const edges: BuiltEdge[] = arch.edges.map((e) => ({ from: e.from, to: e.to, terms: [] }));
  for (const v of order) {
    if (v === 0) continue;
    arch.edges.forEach((e, i) => {
      if (e.to !== v) return;
      e.ops.forEach((name, k) => {
        if (e.gamma[k] === 0) return;
        const built = space.op(name, shapes[e.from], rng);
        if (built === 'zero') return;
        const shape = built === 'identity' ? shapes[e.from] : built.shape;
        if (shapes[v] && shapes[v].join() !== shape.join()) {
          throw new Error(`architecture: vertex ${v} aggregates values of shapes [${shapes[v]}] and [${shape}] (edges[${i}] op ${name}); ops into one vertex must agree`);
        }
        shapes[v] = shape;
        edges[i].terms.push({ gamma: e.gamma[k], module: built === 'identity' ? null : built.module });
      });
    });
    // A vertex with no live input is zero; it keeps the shape of the values around it.
    shapes[v] ??= shapes[v - 1] ?? stem.shape;
  }
  const head = space.head(shapes[arch.nodes - 1], outputs, rng);
  return new ArchModel(arch, [...inputShape], outputs, stem.module, edges, order, shapes, head, space.channels);
}
