/**
 * Architecture + search space → trainable model: stem, then every vertex in
 * topological order aggregates Σₖ γₖ·opₖ(f_from) over its incoming edges
 * (ops with γ = 0 and zero ops are not built), then the head reads the last vertex.
 */
import { add, maximum, mul } from '../core/ops/elementwise.js';
import { Rng } from '../core/random.js';
import { Tensor } from '../core/tensor.js';
import { Module } from '../nn/module.js';
import type { CellSpace } from './cell-space.js';
import { type Aggregation, type ArchGraph, topologicalOrder, validateArch } from './graph.js';

/** One op of an edge with its weight γ (module null: the identity). */
export interface Term { gamma: number; module: Module | null }
export interface BuiltEdge { from: number; to: number; terms: Term[] }

/** How a model built from an architecture is saved: enough to build it again. */
export interface ArchModelSpec { format: 'topiary-arch-model'; version: 1; arch: ArchGraph; inputShape: number[]; outputs: number }

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
  ) { super(); }

  spec(): ArchModelSpec { return { format: 'topiary-arch-model', version: 1, arch: this.arch, inputShape: [...this.inputShape], outputs: this.outputs }; }

  override children(): Module[] {
    return [...(this.stem ? [this.stem] : []), ...this.edges.flatMap((e) => e.terms.flatMap((t) => (t.module ? [t.module] : []))), this.head];
  }

  forward(x: Tensor): Tensor {
    const values: Tensor[] = [];
    values[0] = this.stem ? this.stem.forward(x) : x;
    const rows = x.shape[0];
    for (const v of this.order) {
      if (v === 0) continue;
      const inputs: Tensor[] = [];
      for (const e of this.edges) {
        if (e.to !== v || e.terms.length === 0) continue;
        let sum: Tensor | null = null;
        for (const t of e.terms) {
          const y = t.module ? t.module.forward(values[e.from]) : values[e.from];
          const weighted = t.gamma === 1 ? y : mul(y, t.gamma);
          sum = sum ? add(sum, weighted) : weighted;
        }
        inputs.push(sum!);
      }
      values[v] = inputs.length ? aggregate(this.arch.aggregation[v - 1], inputs) : Tensor.zeros([rows, ...this.shapes[v]]);
    }
    return this.head.forward(values[this.arch.nodes - 1]);
  }
}

function aggregate(kind: Aggregation, xs: Tensor[]): Tensor {
  if (kind === 'max') return xs.reduce((a, b) => maximum(a, b));
  const s = xs.reduce((a, b) => add(a, b));
  return kind === 'mean' && xs.length > 1 ? mul(s, 1 / xs.length) : s;
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
  return new ArchModel(arch, [...inputShape], outputs, stem.module, edges, order, shapes, head);
}
