/** Inference graph → ONNX model bytes (opset 17, batch dimension symbolic). */
import type { UnaryOp } from '../core/kernel.js';
import type { GraphNode, InferenceGraph } from './graph.js';
import { ATTR, DTYPE, ModelProto } from './onnx-schema.js';

export const ONNX_OPSET = 17;
const IR_VERSION = 8;

type Attribute = { name: string; type: number; f?: number; i?: number; ints?: number[]; floats?: number[] };
interface OnnxNode { opType: string; input: string[]; output: string[]; name: string; attribute: Attribute[] }
interface Initializer { name: string; dims: number[]; dataType: number; rawData: Uint8Array }

const ints = (name: string, v: number[]): Attribute => ({ name, type: ATTR.INTS, ints: v });
const int = (name: string, v: number): Attribute => ({ name, type: ATTR.INT, i: v });
const float = (name: string, v: number): Attribute => ({ name, type: ATTR.FLOAT, f: v });

/** Emits ONNX nodes and initializers with unique names. */
class OnnxWriter {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: Initializer[] = [];
  private count = 0;

  fresh(stem: string): string { return `${stem}_${this.count++}`; }

  op(opType: string, input: string[], attribute: Attribute[] = []): string {
    const out = this.fresh(opType.toLowerCase());
    this.nodes.push({ opType, input, output: [out], name: `${out}_node`, attribute });
    return out;
  }

  floats(stem: string, data: Float32Array | number[], dims: number[]): string {
    const name = this.fresh(stem), values = Float32Array.from(data);
    this.initializers.push({ name, dims, dataType: DTYPE.FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) });
    return name;
  }

  int64s(stem: string, data: number[]): string {
    const name = this.fresh(stem), values = BigInt64Array.from(data.map(BigInt));
    this.initializers.push({ name, dims: [data.length], dataType: DTYPE.INT64, rawData: new Uint8Array(values.buffer) });
    return name;
  }

  scalar(v: number): string { return this.floats('c', [v], []); }

  private readonly rowShapes = new Map<string, string>();
  /** The shape [N, 1] for value `x`'s batch size N, built once per value however many constants need it. */
  rowsOf(x: string): string {
    let shape = this.rowShapes.get(x);
    if (!shape) {
      shape = this.op('Concat', [this.op('Shape', [x], [int('start', 0), int('end', 1)]), this.int64s('one', [1])], [int('axis', 0)]);
      this.rowShapes.set(x, shape);
    }
    return shape;
  }
}

/** Each unary op as ONNX nodes (opset 17 has no Gelu, so it is written out with Erf). */
const UNARY: { [K in Exclude<UnaryOp, 'identity'>]: (w: OnnxWriter, x: string, alpha: number) => string } = {
  relu: (w, x) => w.op('Relu', [x]),
  leakyRelu: (w, x, alpha) => w.op('LeakyRelu', [x], [float('alpha', alpha)]),
  tanh: (w, x) => w.op('Tanh', [x]),
  sigmoid: (w, x) => w.op('Sigmoid', [x]),
  softplus: (w, x) => w.op('Softplus', [x]),
  gelu: (w, x) => w.op('Mul', [w.op('Mul', [x, w.scalar(0.5)]), w.op('Add', [w.op('Erf', [w.op('Mul', [x, w.scalar(Math.SQRT1_2)])]), w.scalar(1)])]),
  sin: (w, x) => w.op('Sin', [x]),
  cos: (w, x) => w.op('Cos', [x]),
  gaussian: (w, x) => w.op('Exp', [w.op('Mul', [w.op('Mul', [x, x]), w.scalar(-0.5)])]),
  step: (w, x) => w.op('Cast', [w.op('Greater', [x, w.scalar(0)])], [int('to', DTYPE.FLOAT)]),
  abs: (w, x) => w.op('Abs', [x]),
  neg: (w, x) => w.op('Neg', [x]),
  exp: (w, x) => w.op('Exp', [x]),
  log: (w, x) => w.op('Log', [x]),
  sqrt: (w, x) => w.op('Sqrt', [x]),
  square: (w, x) => w.op('Mul', [x, x]),
  reciprocal: (w, x) => w.op('Reciprocal', [x]),
};

const BINARY = { add: 'Add', sub: 'Sub', mul: 'Mul', max: 'Max', min: 'Min' } as const;

type Lower<K extends GraphNode['kind']> = (w: OnnxWriter, n: Extract<GraphNode, { kind: K }>, v: (id: number) => string) => string;

const LOWER: { [K in GraphNode['kind']]: Lower<K> } = {
  input: () => 'input',
  dense: (w, n, v) => w.op('Gemm', [v(n.input), w.floats('weight', n.weight, [n.outFeatures, n.inFeatures]), ...(n.bias ? [w.floats('bias', n.bias, [n.outFeatures])] : [])], [int('transB', 1)]),
  conv2d: (w, n, v) => w.op('Conv', [v(n.input), w.floats('weight', n.weight, n.weightShape), ...(n.bias ? [w.floats('bias', n.bias, [n.weightShape[0]])] : [])],
    [ints('kernel_shape', n.weightShape.slice(2)), ints('strides', [n.stride, n.stride]), ints('pads', [n.padding, n.padding, n.padding, n.padding])]),
  pool: (w, n, v) => w.op(n.mode === 'max' ? 'MaxPool' : 'AveragePool', [v(n.input)], [ints('kernel_shape', [n.kernel, n.kernel]),
    ints('strides', [n.stride, n.stride]), ints('pads', [n.padding, n.padding, n.padding, n.padding]), ...(n.mode === 'avg' ? [int('count_include_pad', 1)] : [])]),
  flatten: (w, n, v) => w.op('Flatten', [v(n.input)], [int('axis', 1)]),
  unary: (w, n, v) => UNARY[n.op](w, v(n.input), n.alpha),
  batchnorm: (w, n, v) => w.op('BatchNormalization', [v(n.input), w.floats('gamma', n.gamma, [n.gamma.length]), w.floats('beta', n.beta, [n.beta.length]),
    w.floats('mean', n.mean, [n.mean.length]), w.floats('var', n.variance, [n.variance.length])], [float('epsilon', n.eps)]),
  binary: (w, n, v) => w.op(BINARY[n.op], [v(n.a), v(n.b)]),
  featureAffine: (w, n, v) => w.op('Add', [w.op('Mul', [v(n.input), w.floats('scale', n.scale, [n.scale.length])]), w.floats('shift', n.shift, [n.shift.length])]),
  columns: (w, n, v) => w.op('Gather', [v(n.input), w.int64s('indices', n.indices)], [int('axis', 1)]),
  constant: (w, n, v) => w.op('Expand', [w.floats('const', [n.value], [1, 1]), w.rowsOf(v(n.like))]),
  standardize: (w, n, v) => w.op('Mul', [w.op('Sub', [v(n.input), w.scalar(n.center)]), w.scalar(n.factor)]),
  clip: (w, n, v) => w.op('Clip', [v(n.input), w.scalar(n.min), w.scalar(n.max)]),
  concat: (w, n, v) => w.op('Concat', n.inputs.map(v), [int('axis', 1)]),
};

export interface OnnxOptions { producerVersion?: string; docString?: string; metadata?: Record<string, string> }

export function toOnnx(graph: InferenceGraph, opts: OnnxOptions = {}): Uint8Array {
  const w = new OnnxWriter();
  const names: string[] = [];
  for (const { node } of graph.entries) names.push((LOWER[node.kind] as Lower<typeof node.kind>)(w, node as never, (id) => names[id]));
  const outShape = graph.entries[graph.output].shape;
  w.nodes.push({ opType: 'Identity', input: [names[graph.output]], output: ['output'], name: 'output_node', attribute: [] });
  const valueInfo = (name: string, shape: number[]) => ({
    name, type: { tensorType: { elemType: DTYPE.FLOAT, shape: { dim: [{ dimParam: 'N' }, ...shape.map((d) => ({ dimValue: d }))] } } },
  });
  const model = {
    irVersion: IR_VERSION, opsetImport: [{ domain: '', version: ONNX_OPSET }], producerName: 'topiary', producerVersion: opts.producerVersion ?? '',
    docString: opts.docString ?? '',
    metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: { name: 'topiary', node: w.nodes, initializer: w.initializers, input: [valueInfo('input', graph.inputShape)], output: [valueInfo('output', outShape)] },
  };
  const err = ModelProto.verify(model);
  if (err) throw new Error(`export onnx: internal model does not fit the ONNX schema: ${err}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}
