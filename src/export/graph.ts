/**
 * The inference graph every exporter reads: a small, format-neutral list of
 * nodes in topological order. Sources (layer stacks, evolved op graphs) are
 * lowered into it once; each format (ONNX, TensorFlow.js) lowers it again.
 * Shapes exclude the batch dimension; rank-3 shapes are [C, H, W].
 */
import type { InferenceOp } from '../nn/layer-traits.js';
import { outSize } from '../core/ops/conv.js';

export type Elementwise = 'add' | 'sub' | 'mul' | 'max' | 'min';

export type GraphNode =
  | { kind: 'input' }
  /** The ops layers lower into (dense, conv2d, pool, flatten, unary, batchnorm), each reading one node. */
  | (InferenceOp & { input: number })
  | { kind: 'binary'; op: Elementwise; a: number; b: number }
  /** Features `indices` of a rank-1 value. */
  | { kind: 'columns'; input: number; indices: number[] }
  /** A [1] value equal to `value` in every row; `like` is a rank-1 node whose batch size it takes. */
  | { kind: 'constant'; value: number; like: number }
  /** y = x·scale + shift per feature (rank 1): the model's input standardisation or output de-standardisation. */
  | { kind: 'featureAffine'; input: number; scale: Float32Array; shift: Float32Array }
  /** y = (x − center)·factor with scalar center and factor. */
  | { kind: 'standardize'; input: number; center: number; factor: number }
  | { kind: 'clip'; input: number; min: number; max: number }
  /** Values joined along the feature axis (rank 1). */
  | { kind: 'concat'; inputs: number[] };

/** The nodes a node reads. */
export function nodeInputs(n: GraphNode): number[] {
  switch (n.kind) {
    case 'input': return [];
    case 'binary': return [n.a, n.b];
    case 'constant': return [n.like];
    case 'concat': return [...n.inputs];
    default: return [n.input];
  }
}

function withInputs(n: GraphNode, map: (id: number) => number): GraphNode {
  switch (n.kind) {
    case 'input': return n;
    case 'binary': return { ...n, a: map(n.a), b: map(n.b) };
    case 'constant': return { ...n, like: map(n.like) };
    case 'concat': return { ...n, inputs: n.inputs.map(map) };
    default: return { ...n, input: map(n.input) };
  }
}

export interface GraphEntry { node: GraphNode; shape: number[]; origin: string }

export interface InferenceGraph {
  entries: GraphEntry[];
  /** Index of the output node. */
  output: number;
  inputShape: number[];
}

/** Builds a graph node by node, tracking shapes so that a bad source fails where it goes wrong. */
export class GraphBuilder {
  readonly entries: GraphEntry[] = [];
  constructor(readonly inputShape: number[]) { this.entries.push({ node: { kind: 'input' }, shape: [...inputShape], origin: 'input' }); }

  shapeOf(id: number): number[] { return this.entries[id].shape; }

  add(node: GraphNode, origin: string): number {
    this.entries.push({ node, shape: this.inferShape(node, origin), origin });
    return this.entries.length - 1;
  }

  /**
   * The graph of the nodes the output depends on, renumbered in order. Values nothing reads (a cell vertex
   * without a live edge out) would otherwise become layers some formats cannot load (a tfjs layer with
   * weights but outside the model's topology).
   */
  finish(output: number): InferenceGraph {
    const needed = new Set<number>([0, output]);
    for (let id = output; id > 0; id--) if (needed.has(id)) for (const from of nodeInputs(this.entries[id].node)) needed.add(from);
    const renumber = new Map<number, number>();
    const entries: GraphEntry[] = [];
    this.entries.forEach((entry, id) => {
      if (!needed.has(id)) return;
      renumber.set(id, entries.length);
      entries.push({ ...entry, node: withInputs(entry.node, (from) => renumber.get(from) as number) });
    });
    return { entries, output: renumber.get(output) as number, inputShape: this.inputShape };
  }

  private inferShape(n: GraphNode, origin: string): number[] {
    const fail = (what: string): never => { throw new Error(`export: ${origin}: ${what}`); };
    switch (n.kind) {
      case 'input': return fail('a graph has one input');
      case 'dense': {
        const s = this.shapeOf(n.input);
        if (s.length !== 1 || s[0] !== n.inFeatures) fail(`dense layer expects [${n.inFeatures}] features, gets [${s}]`);
        return [n.outFeatures];
      }
      case 'conv2d': {
        const s = this.shapeOf(n.input), [oc, c, k] = n.weightShape;
        if (s.length !== 3 || s[0] !== c) fail(`conv2d expects [${c}, H, W], gets [${s}]`);
        return [oc, ...s.slice(1).map((d) => outSize(`export: ${origin}: conv2d`, d, k, n.stride, n.padding))];
      }
      case 'pool': {
        const s = this.shapeOf(n.input);
        if (s.length !== 3) fail(`pooling expects [C, H, W], gets [${s}]`);
        return [s[0], ...s.slice(1).map((d) => outSize(`export: ${origin}: pooling`, d, n.kernel, n.stride, n.padding))];
      }
      case 'flatten': return [this.shapeOf(n.input).reduce((a, b) => a * b, 1)];
      case 'unary': case 'batchnorm': case 'standardize': case 'clip': return [...this.shapeOf(n.input)];
      case 'binary': {
        const a = this.shapeOf(n.a), b = this.shapeOf(n.b);
        if (a.join() === b.join()) return [...a];
        // Rank-1 values of width 1 (op-graph columns and constants) broadcast.
        if (a.length !== 1 || b.length !== 1 || (a[0] !== 1 && b[0] !== 1)) fail(`elementwise ${n.op} of [${a}] and [${b}]`);
        return [Math.max(a[0], b[0])];
      }
      case 'featureAffine': {
        const s = this.shapeOf(n.input);
        if (s.length !== 1 || s[0] !== n.scale.length) fail(`per-feature scaling of ${n.scale.length} features applied to [${s}]`);
        return [...s];
      }
      case 'columns': return [n.indices.length];
      case 'constant': return [1];
      case 'concat': return [n.inputs.reduce((w, i) => w + this.shapeOf(i)[0], 0)];
    }
  }
}
