/**
 * The layer-graph space (DeepSwarm's): an architecture is a walk through layer
 * nodes (arch/layer-graph.ts), at most `maxDepth` chosen nodes long, plus an
 * optional `reuse`: the earlier trial whose trained weights its first nodes
 * start from (the layers those nodes build are copied; the rest start fresh).
 * Two walks with the same nodes but different reuse are different trials: the
 * second continues training where the first left off.
 */
import type { Rng } from '../../core/random.js';
import {
  type InputKind, type LayerNode, type Vertex, describeLayerGraph, describeNode, layerGraphLayers, layerGraphProblem, verticesOf, walkLayerGraph,
} from '../../arch/layer-graph.js';
import { buildModel } from '../../nn/spec.js';
import { Sequential } from '../../nn/sequential.js';
import type { SearchSpace } from '../../study/space.js';
import type { TrainableSpace } from '../trainable-space.js';

export interface LayerGraphParams {
  nodes: LayerNode[];
  /** Start the first `nodes` nodes from trial `parent`'s trained weights (null: all fresh). */
  reuse: { parent: number; nodes: number } | null;
}

export interface LayerGraphSearchSpace extends SearchSpace<LayerGraphParams> {
  /** The inputs its walks are for. */
  readonly input: InputKind;
  readonly maxDepth: number;
}

/** The space as a layer-graph space, or an error naming the strategy that needs one. */
export function requireLayerGraph<P>(space: SearchSpace<P>, strategy: string): LayerGraphSearchSpace {
  const s = space as unknown as Partial<LayerGraphSearchSpace>;
  if (s.input !== 'images' && s.input !== 'table') throw new Error(`strategy ${strategy} walks a layer graph; space ${space.name} is not one (search --space layer-graph)`);
  return space as unknown as LayerGraphSearchSpace;
}

const pick = <T>(xs: readonly T[], rng: Rng): T => xs[rng.int(xs.length)];

/** A uniformly random rule, except that the first `prefix` nodes repeat `keep`'s. */
function randomRule(rng: Rng, keep: readonly LayerNode[] = [], keepVertices: readonly Vertex[] = []) {
  return {
    next: (_from: Vertex, options: readonly Vertex[], position: number) => (position <= keep.length ? keepVertices[position - 1] : pick(options, rng)),
    attribute: (_v: Vertex, name: string, values: readonly (number | string)[], position: number) =>
      (position <= keep.length ? (keep[position - 1] as unknown as Record<string, number | string>)[name] : pick(values, rng)),
  };
}

export function layerGraphSearch(input: InputKind = 'images', maxDepth = 15): LayerGraphSearchSpace {
  const describe = (p: LayerGraphParams) => `${describeLayerGraph(p.nodes)}${p.reuse ? ` ⇐ #${p.reuse.parent} (${p.reuse.nodes} node${p.reuse.nodes === 1 ? '' : 's'})` : ''}`;
  const isValid = (p: unknown): p is LayerGraphParams => {
    const q = p as LayerGraphParams | null;
    const reuseOk = q?.reuse === null || (Number.isInteger(q?.reuse?.parent) && Number.isInteger(q?.reuse?.nodes) && q!.reuse!.nodes >= 1 && q!.reuse!.nodes <= (q?.nodes?.length ?? 0));
    return reuseOk && layerGraphProblem(q?.nodes, input) === null;
  };
  const walkFrom = (keep: readonly LayerNode[], rng: Rng): LayerNode[] => {
    const chosen = keep.filter((n, i) => !(n.type === 'flatten' && i === keep.length - 1));
    const depth = Math.max(chosen.length + 1, 1 + rng.int(maxDepth));
    return walkLayerGraph(input, depth, randomRule(rng, chosen, verticesOf(chosen, input))).nodes;
  };
  const search: LayerGraphSearchSpace = {
    name: 'layer-graph', input, maxDepth, describe, isValid, size: Number.POSITIVE_INFINITY,
    key: (p) => JSON.stringify([p.nodes, p.reuse]),
    sample: (rng) => ({ nodes: walkFrom([], rng), reuse: null }),
    mutate(p, rng) {
      // Regrow the walk after a random cut (which also changes the cut node's successor or attributes).
      const before = JSON.stringify(p.nodes);
      for (let t = 0; t < 20; t++) {
        const nodes = walkFrom(p.nodes.slice(0, rng.int(p.nodes.length)), rng);
        if (JSON.stringify(nodes) !== before && nodes.length <= maxDepth + 1) return { nodes, reuse: null };
      }
      return { nodes: walkFrom([], rng), reuse: null };
    },
    crossover(a, b, rng) {
      // A head of one walk joined to a tail of the other where the graph allows the join.
      const joins: LayerNode[][] = [];
      for (let i = 1; i <= a.nodes.length; i++) {
        for (let j = 0; j < b.nodes.length; j++) {
          const nodes = [...a.nodes.slice(0, i), ...b.nodes.slice(j)];
          if (nodes.length <= maxDepth + 1 && layerGraphProblem(nodes, input) === null) joins.push(nodes);
        }
      }
      return joins.length > 0 ? { nodes: pick(joins, rng), reuse: null } : search.mutate(a, rng);
    },
    draw(p) {
      let width = 0;
      return { kind: 'stack', layers: p.nodes.flatMap((n) => {
        if (n.type === 'conv') width = n.filters;
        if (n.type === 'dense') width = n.units;
        return n.type === 'flatten' ? [] : [{ op: describeNode(n).replace(/ \d+k/, ' k'), width }];
      }) };
    },
  };
  return search;
}

/** The trainable layer-graph space; walks for `input` (images by default; workers only build, which works for both). */
export function layerGraphSpace(input: InputKind = 'images', maxDepth = 15): TrainableSpace<LayerGraphParams> {
  const search = layerGraphSearch(input, maxDepth);
  const build = (p: LayerGraphParams, inputShape: number[], outputs: number, seed: number): Sequential => {
    const problem = layerGraphProblem(p?.nodes, inputShape.length === 3 ? 'images' : 'table');
    if (problem) throw new Error(`space layer-graph: ${problem}`);
    return buildModel({ format: 'topiary-sequential', version: 1, inputShape, layers: layerGraphLayers(p.nodes, inputShape, outputs).layers }, seed);
  };
  return {
    name: 'layer-graph',
    description: 'walks through conv / pool / batchnorm / dropout nodes, a flatten, then dense / dropout / batchnorm nodes (DeepSwarm; tables: flat nodes only)',
    search,
    build,
    lineage: (p) => (p.reuse ? { parent: p.reuse.parent, reuseNodes: p.reuse.nodes } : null),
    inherit(p, parent, inputShape, outputs, seed) {
      const shared = p.reuse?.nodes ?? 0;
      if (!(parent instanceof Sequential)) throw new Error('space layer-graph: the parent trial\'s model is not a layer stack');
      const child = build(p, inputShape, outputs, seed);
      const { ends } = layerGraphLayers(p.nodes, inputShape, outputs);
      // The same nodes: the whole network (classifier included) continues from the parent's weights.
      const copied = shared === p.nodes.length && parent.layers.length === child.layers.length ? child.layers.length : ends[shared - 1];
      for (let i = 0; i < copied; i++) {
        const from = parent.layers[i]?.parameters() ?? [], to = child.layers[i].parameters();
        if (from.length !== to.length || from.some((q, k) => q.data.length !== to[k].data.length)) {
          throw new Error(`space layer-graph: layer ${i + 1} of the parent trial does not match this walk's (${p.reuse ? `its first ${shared} nodes are not ${describeLayerGraph(p.nodes.slice(0, shared))}` : 'no reuse'})`);
        }
        from.forEach((q, k) => to[k].data.set(q.data));
      }
      return child;
    },
  };
}

