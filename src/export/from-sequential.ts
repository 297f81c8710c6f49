/** Lowers plain layers (and stacks of them, nested) into the inference graph; fold switches first (sourceFromSequential does). */
import { hasTraits } from '../nn/layer-traits.js';
import type { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import type { Preprocessing } from '../data/prepare.js';
import { GraphBuilder, type InferenceGraph } from './graph.js';
import { scaledInput, scaledOutput } from './preprocessing.js';

/** Adds `m` applied to node `h`: the inference ops the layer declares, in order; returns the node of its output. */
export function lowerModule(g: GraphBuilder, m: Module, h: number, origin: string): number {
  if (m instanceof Sequential) return m.layers.reduce((x, l, i) => lowerModule(g, l, x, `${origin}.layers[${i}] (${l.constructor.name})`), h);
  if (!hasTraits(m)) throw new Error(`export: ${origin} has no export form; layers that declare one (nn/layer-traits.ts) export, and switches are folded into weights first`);
  return m.inference(g.shapeOf(h)).reduce((x, op) => g.add({ ...op, input: x }, origin), h);
}

export function graphFromSequential(model: Sequential, inputShape: number[], pre: Preprocessing = {}): InferenceGraph {
  const g = new GraphBuilder(inputShape);
  const out = model.layers.reduce((h, m, i) => lowerModule(g, m, h, `layers[${i}] (${m.constructor.name})`), scaledInput(g, pre));
  return g.finish(scaledOutput(g, pre, out));
}
