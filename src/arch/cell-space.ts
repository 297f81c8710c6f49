/**
 * A search space for real training: candidate ops on a fixed set of cell
 * edges, and how to build each op, the stem before the cell and the head
 * after it. One file per space under spaces/, one registry entry.
 */
import type { Rng } from '../core/random.js';
import type { Module } from '../nn/module.js';
import type { Aggregation, ArchGraph } from './graph.js';

export type BuiltOp = { module: Module; shape: number[] } | 'identity' | 'zero';

export interface CellSpace {
  readonly name: string;
  readonly description: string;
  readonly ops: readonly string[];
  /** Vertices of the cell (input 0 … output nodes−1) and its edges, in genotype order. */
  readonly nodes: number;
  readonly edges: readonly (readonly [number, number])[];
  readonly aggregation: Aggregation;
  /** The width it was made with (channels of an image cell, units of a dense one), where the space has one. */
  readonly channels?: number;
  /** Throws when the space cannot build for this input shape. */
  stem(inputShape: number[], rng: Rng): { module: Module | null; shape: number[] };
  /** An op applied to values of `shape`. */
  op(name: string, shape: number[], rng: Rng): BuiltOp;
  head(shape: number[], outputs: number, rng: Rng): Module;
}

/** The discrete architecture a genotype (op index per edge) stands for: every edge carries all candidates, γ one-hot. */
export function archOfGenotype(space: CellSpace, g: readonly number[]): ArchGraph {
  if (g.length !== space.edges.length || g.some((k) => !(Number.isInteger(k) && k >= 0 && k < space.ops.length))) {
    throw new Error(`space ${space.name}: genotype [${g}] needs ${space.edges.length} op indices in 0..${space.ops.length - 1}`);
  }
  return {
    format: 'topiary-arch', version: 1, space: space.name, nodes: space.nodes,
    aggregation: Array.from({ length: space.nodes - 1 }, () => space.aggregation),
    edges: space.edges.map(([from, to], i) => ({ from, to, ops: [...space.ops], gamma: space.ops.map((_, k) => (k === g[i] ? 1 : 0)) })),
  };
}
