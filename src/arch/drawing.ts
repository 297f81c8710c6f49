/**
 * An architecture as a picture of it needs it: a cell (a DAG whose edges each
 * carry one op) or a stack of layers with their widths. Every search space
 * can say how its architectures are drawn, so a viewer (the dashboard) draws
 * any space without knowing its genotype.
 */
import { type ArchGraph, chosenOp } from './graph.js';

export type ArchDrawing =
  | { kind: 'cell'; nodes: number; edges: { from: number; to: number; op: string }[] }
  | { kind: 'stack'; layers: { op: string; width: number }[] };

/** A discrete cell: each edge drawn with its chosen op (ops that drop the edge, such as none, are kept: the viewer greys them). */
export function cellDrawing(arch: ArchGraph): ArchDrawing {
  return { kind: 'cell', nodes: arch.nodes, edges: arch.edges.map((e) => ({ from: e.from, to: e.to, op: chosenOp(e) })) };
}

/** Flat features of a drawing (one per cell edge, or depth and per-layer widths), the axes a parallel-coordinates view plots. */
export function drawingFeatures(d: ArchDrawing): Record<string, string | number> {
  if (d.kind === 'cell') return Object.fromEntries(d.edges.map((e) => [`${e.from}→${e.to}`, e.op]));
  const features: Record<string, string | number> = { depth: d.layers.length };
  d.layers.forEach((l, i) => { features[`layer ${i + 1}`] = `${l.op} ${l.width}`; });
  return features;
}
