/** A layer graph written by hand or saved from a search: a JSON file holding the node list (or `{ "nodes": [...] }`). */
import { readFileSync } from 'node:fs';
import type { ModelSpec } from '../nn/spec.js';
import { type LayerNode, layerGraphLayers, layerGraphProblem } from './layer-graph.js';

/** The nodes in `file`, checked for inputs of `inputShape`; errors name the file and the node at fault. */
export function readLayerGraph(file: string, inputShape: readonly number[]): LayerNode[] {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new Error(`layer graph ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) { throw new Error(`layer graph ${file}: not JSON (${(e as Error).message})`); }
  const nodes = Array.isArray(json) ? json : (json as { nodes?: unknown } | null)?.nodes;
  const problem = layerGraphProblem(nodes, inputShape.length === 3 ? 'images' : 'table');
  if (problem) throw new Error(`layer graph ${file}: ${problem}`);
  return nodes as LayerNode[];
}

/** The model spec of the layer graph in `file` for this data. */
export function layerGraphSpec(file: string, inputShape: number[], outputs: number): ModelSpec {
  return { format: 'topiary-sequential', version: 1, inputShape, layers: layerGraphLayers(readLayerGraph(file, inputShape), inputShape, outputs).layers };
}
