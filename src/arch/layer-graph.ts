/**
 * Layer graphs (DeepSwarm's search graph): an architecture is a walk from the
 * input through layer nodes, each with a few attributes, ending at the
 * classifier. On images the walk passes spatial nodes (conv, pool, batchnorm,
 * dropout), one flatten, then flat nodes (dense, dropout, batchnorm); on
 * tables only flat nodes. Which node may follow which is a fixed table of
 * transitions, each with a prior weight (the "heuristic" an ant may use); a
 * node list that no walk could produce is refused with the node named.
 *
 * Sizes are CPU-scaled from DeepSwarm's settings (filters 16/32/64 instead of
 * 64/128/256), and the flatten max-pools the feature map down to at most 7×7
 * first, so the dense head reads hundreds of features, not tens of thousands.
 */
import type { LayerSpec } from '../nn/spec.js';

export type LayerNode =
  | { type: 'conv'; filters: number; kernel: number }
  | { type: 'pool'; pool: 'max' | 'avg'; stride: number }
  | { type: 'batchnorm' }
  | { type: 'dropout'; rate: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation: 'relu' | 'sigmoid' };

/** A position in the graph: a node type, told apart before and after the flatten ("dropout" vs "dropout-flat"). */
export type Vertex = 'input' | 'conv' | 'pool' | 'batchnorm' | 'dropout' | 'flatten' | 'dense' | 'batchnorm-flat' | 'dropout-flat' | 'output';

export type InputKind = 'images' | 'table';

/** Where each vertex may go next, with its prior weight (DeepSwarm's transition values). */
export const TRANSITIONS: Readonly<Record<Exclude<Vertex, 'output'>, Readonly<Partial<Record<Vertex, number>>>>> = {
  input: {},
  conv: { conv: 0.8, pool: 1.2, flatten: 1.0, dropout: 1.1, batchnorm: 1.2 },
  dropout: { conv: 1.1, pool: 1.0, flatten: 1.0, batchnorm: 1.1 },
  batchnorm: { conv: 1.1, pool: 1.1, dropout: 1.0, flatten: 1.0 },
  pool: { conv: 1.1, flatten: 1.0, batchnorm: 1.1 },
  flatten: { dense: 1.0, output: 0.8, 'batchnorm-flat': 0.9 },
  dense: { dense: 0.8, 'dropout-flat': 1.2, 'batchnorm-flat': 1.2, output: 1.0 },
  'dropout-flat': { dense: 1.0, 'batchnorm-flat': 1.0, output: 0.9 },
  'batchnorm-flat': { dense: 1.1, 'dropout-flat': 1.1, output: 0.9 },
};

/** The first node of a walk: a convolution on images, a dense layer on tables. */
export const FIRST: Readonly<Record<InputKind, Vertex>> = { images: 'conv', table: 'dense' };

/** Each vertex's attributes and their values. */
export const ATTRIBUTES: Readonly<Partial<Record<Vertex, Readonly<Record<string, readonly (number | string)[]>>>>> = {
  conv: { filters: [16, 32, 64], kernel: [1, 3, 5] },
  pool: { pool: ['max', 'avg'], stride: [2, 3] },
  dropout: { rate: [0.1, 0.3] },
  dense: { units: [64, 128], activation: ['relu', 'sigmoid'] },
  'dropout-flat': { rate: [0.1, 0.3] },
};

/** The pooling window (DeepSwarm's pool_size). */
export const POOL_SIZE = 2;
/** The flatten pools the feature map down to this many pixels a side or fewer. */
export const FLAT_SIDE = 7;

const SPATIAL = new Set(['conv', 'pool']);

/** The graph vertex of every node of a list (batchnorm and dropout after the flatten, or on tables, are the flat ones). */
export function verticesOf(nodes: readonly LayerNode[], input: InputKind): Vertex[] {
  let flat = input === 'table';
  return nodes.map((n): Vertex => {
    if (n.type === 'flatten') { flat = true; return 'flatten'; }
    if ((n.type === 'batchnorm' || n.type === 'dropout') && flat) return `${n.type}-flat`;
    return n.type;
  });
}

/** The node at `vertex` with `attrs` (one value per attribute of the vertex). */
export function makeNode(vertex: Vertex, attrs: Record<string, number | string>): LayerNode {
  const type = vertex.replace(/-flat$/, '');
  return { type, ...attrs } as LayerNode;
}

/** The values of a node's attributes, in ATTRIBUTES order. */
export function attributesOf(node: LayerNode): Record<string, number | string> {
  const { type: _type, ...rest } = node;
  return rest as Record<string, number | string>;
}

/** The input kind a node list is written for: anything spatial or a flatten means images. */
export const inputKindOf = (nodes: readonly LayerNode[]): InputKind => (nodes.some((n) => SPATIAL.has(n.type) || n.type === 'flatten') ? 'images' : 'table');

const label = (n: unknown, i: number) => `node ${i + 1} (${typeof (n as LayerNode | null)?.type === 'string' ? (n as LayerNode).type : JSON.stringify(n)})`;

/** Why `nodes` is not a walk of the layer graph for `input` (the first node at fault named), or null. */
export function layerGraphProblem(nodes: unknown, input?: InputKind): string | null {
  if (!Array.isArray(nodes) || nodes.length === 0) return `expected a non-empty list of layer nodes, got ${JSON.stringify(nodes)}`;
  const known = ['conv', 'pool', 'batchnorm', 'dropout', 'flatten', 'dense'];
  const bad = nodes.findIndex((n) => !known.includes((n as LayerNode | null)?.type as string));
  if (bad >= 0) return `${label(nodes[bad], bad)}: type must be one of ${known.join(', ')}`;
  const list = nodes as LayerNode[], kind = input ?? inputKindOf(list);
  const flattens = list.flatMap((n, i) => (n.type === 'flatten' ? [i] : []));
  if (kind === 'table' && (flattens.length > 0 || list.some((n) => SPATIAL.has(n.type)))) {
    const i = list.findIndex((n) => SPATIAL.has(n.type) || n.type === 'flatten');
    return `${label(list[i], i)}: a table has no image to convolve, pool or flatten; use dense, dropout and batchnorm nodes only`;
  }
  if (kind === 'images') {
    if (flattens.length > 1) return `${label(list[flattens[1]], flattens[1])}: a second flatten (the first is node ${flattens[0] + 1}); an image network flattens once`;
    if (flattens.length === 0) return `the list has no flatten: on images the spatial nodes end with a flatten before any dense node (add { "type": "flatten" })`;
    const early = list.findIndex((n, i) => n.type === 'dense' && i < flattens[0]);
    if (early >= 0) return `${label(list[early], early)} comes before the flatten (node ${flattens[0] + 1}): on images dense nodes go after the flatten`;
    const late = list.findIndex((n, i) => SPATIAL.has(n.type) && i > flattens[0]);
    if (late >= 0) return `${label(list[late], late)} comes after the flatten (node ${flattens[0] + 1}): convolutions and pooling go before it`;
  }
  const vertices = verticesOf(list, kind);
  if (vertices[0] !== FIRST[kind]) return `${label(list[0], 0)}: on ${kind === 'images' ? 'images' : 'a table'} the first node is ${FIRST[kind]}`;
  for (let i = 0; i < list.length; i++) {
    const want = ATTRIBUTES[vertices[i]] ?? {}, got = attributesOf(list[i]);
    for (const [name, values] of Object.entries(want)) {
      if (!values.includes(got[name])) return `${label(list[i], i)}: ${name} must be one of ${values.join(', ')}, got ${JSON.stringify(got[name])}`;
    }
    const extra = Object.keys(got).find((k) => !(k in want));
    if (extra) return `${label(list[i], i)}: unknown attribute "${extra}" (it has ${Object.keys(want).join(', ') || 'none'})`;
    if (i > 0 && TRANSITIONS[vertices[i - 1] as Exclude<Vertex, 'output'>][vertices[i]] === undefined) {
      return `${label(list[i], i)} cannot follow ${label(list[i - 1], i - 1)}; after ${vertices[i - 1]} come ${Object.keys(TRANSITIONS[vertices[i - 1] as Exclude<Vertex, 'output'>]).join(', ')}`;
    }
  }
  return null;
}

/** A walk cut short at its depth, made whole: an image walk that has not flattened yet ends with a flatten. */
export function completeWalk(nodes: readonly LayerNode[], input: InputKind): LayerNode[] {
  return input === 'images' && !nodes.some((n) => n.type === 'flatten') ? [...nodes, { type: 'flatten' }] : [...nodes];
}

export const describeNode = (n: LayerNode): string => {
  switch (n.type) {
    case 'conv': return `conv ${n.filters}k${n.kernel}`;
    case 'pool': return `${n.pool}pool/${n.stride}`;
    case 'dropout': return `dropout ${n.rate}`;
    case 'dense': return `dense ${n.units} ${n.activation}`;
    default: return n.type;
  }
};

export const describeLayerGraph = (nodes: readonly LayerNode[]): string => nodes.map(describeNode).join(' → ');

/**
 * The layer list of a walk on inputs of `inputShape` ([C, H, W] or [features]) with `outputs` classes, and after
 * each node the number of layers built so far (so node k's layers are `layers.slice(ends[k-1], ends[k])`).
 * A pool whose window no longer fits the feature map is left out.
 */
export function layerGraphLayers(nodes: readonly LayerNode[], inputShape: readonly number[], outputs: number): { layers: LayerSpec[]; ends: number[] } {
  const input: InputKind = inputShape.length === 3 ? 'images' : 'table';
  const problem = layerGraphProblem(nodes, input);
  if (problem) throw new Error(`layer graph: ${problem}`);
  let [c, h, w] = input === 'images' ? inputShape : [0, 0, 0];
  let features = input === 'table' ? inputShape.reduce((a, b) => a * b, 1) : 0;
  const layers: LayerSpec[] = [], ends: number[] = [];
  for (const n of nodes) {
    switch (n.type) {
      case 'conv':
        layers.push({ type: 'conv2d', in: c, out: n.filters, kernel: n.kernel, stride: 1, padding: (n.kernel - 1) / 2, bias: true }, { type: 'activation', op: 'relu', alpha: 0 });
        c = n.filters;
        break;
      case 'pool':
        if (h >= POOL_SIZE && w >= POOL_SIZE) {
          layers.push({ type: n.pool === 'max' ? 'maxpool2d' : 'avgpool2d', kernel: POOL_SIZE, stride: n.stride, padding: 0 });
          h = Math.floor((h - POOL_SIZE) / n.stride) + 1; w = Math.floor((w - POOL_SIZE) / n.stride) + 1;
        }
        break;
      case 'batchnorm':
        layers.push({ type: 'batchnorm', features: features || c, momentum: 0.1, eps: 1e-5 });
        break;
      case 'dropout':
        layers.push({ type: 'dropout', p: n.rate });
        break;
      case 'flatten':
        while (h > FLAT_SIDE || w > FLAT_SIDE) {
          layers.push({ type: 'maxpool2d', kernel: POOL_SIZE, stride: POOL_SIZE, padding: 0 });
          h = Math.floor(h / POOL_SIZE); w = Math.floor(w / POOL_SIZE);
        }
        layers.push({ type: 'flatten' });
        features = c * h * w;
        break;
      case 'dense':
        layers.push({ type: 'dense', in: features, out: n.units, activation: n.activation, bias: true });
        features = n.units;
        break;
    }
    ends.push(layers.length);
  }
  layers.push({ type: 'dense', in: features, out: outputs, activation: 'identity', bias: true });
  return { layers, ends };
}

/** How a walk picks the next vertex among `options` and each attribute's value, at `position` (1 = the first node). */
export interface WalkRule {
  next(from: Vertex, options: readonly Vertex[], position: number): Vertex;
  attribute(vertex: Vertex, name: string, values: readonly (number | string)[], position: number): number | string;
}

/**
 * A walk of at most `depth` chosen nodes from the input; it ends early when the rule picks the output, and is
 * completed (completeWalk) when the depth runs out first. `chosen`: how many nodes the rule picked.
 */
export function walkLayerGraph(input: InputKind, depth: number, rule: WalkRule): { nodes: LayerNode[]; chosen: number } {
  const nodes: LayerNode[] = [];
  let from: Vertex = 'input';
  for (let position = 1; position <= depth; position++) {
    const options: Vertex[] = from === 'input' ? [FIRST[input]] : (Object.keys(TRANSITIONS[from as Exclude<Vertex, 'output'>]) as Vertex[]);
    const to = rule.next(from, options, position);
    if (to === 'output') break;
    const attrs: Record<string, number | string> = {};
    for (const [name, values] of Object.entries(ATTRIBUTES[to] ?? {})) attrs[name] = rule.attribute(to, name, values, position);
    nodes.push(makeNode(to, attrs));
    from = to;
  }
  return { nodes: completeWalk(nodes, input), chosen: nodes.length };
}
