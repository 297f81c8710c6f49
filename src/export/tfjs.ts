/**
 * Inference graph → TensorFlow.js LayersModel artifacts: a Keras-style
 * functional topology that @tensorflow/tfjs-layers loads unchanged, and one
 * weight file. Convolutions run channels-last inside the model; the model's
 * input stays [N, C, H, W] like Topiary's (a Permute layer converts), and
 * values are permuted back before Flatten so dense weights keep their order.
 */
import type { UnaryOp } from '../core/kernel.js';
import type { GraphEntry, GraphNode, InferenceGraph } from './graph.js';

export interface TfjsArtifacts {
  modelJson: Record<string, unknown>;
  weightData: Uint8Array;
  weightsFile: string;
}

type Layout = 'chw' | 'hwc';
interface Value { layer: string; layout: Layout }
interface WeightSpec { name: string; shape: number[]; dtype: 'float32' }

class KerasWriter {
  readonly layers: Record<string, unknown>[] = [];
  readonly specs: WeightSpec[] = [];
  readonly chunks: Float32Array[] = [];
  private count = 0;

  layer(className: string, config: Record<string, unknown>, inputs: string[], weights: [string, Float32Array, number[]][] = []): string {
    const name = `${className.toLowerCase()}_${++this.count}`;
    this.layers.push({ name, class_name: className, config: { name, trainable: false, ...config }, inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [] });
    for (const [w, data, shape] of weights) { this.specs.push({ name: `${name}/${w}`, shape, dtype: 'float32' }); this.chunks.push(data); }
    return name;
  }

  dense(input: string, kernelInOut: Float32Array, inF: number, outF: number, bias: Float32Array | null): string {
    return this.layer('Dense', { units: outF, activation: 'linear', use_bias: bias !== null }, [input],
      [['kernel', kernelInOut, [inF, outF]], ...(bias ? [['bias', bias, [outF]] as [string, Float32Array, number[]]] : [])]);
  }

  /** y = x·factor + shift per feature, as a diagonal dense layer. */
  diagonal(input: string, width: number, factor: number | Float32Array, shift: number | Float32Array): string {
    const k = new Float32Array(width * width);
    for (let i = 0; i < width; i++) k[i * width + i] = typeof factor === 'number' ? factor : factor[i];
    return this.dense(input, k, width, width, typeof shift === 'number' ? new Float32Array(width).fill(shift) : shift);
  }
}

const transpose = (w: Float32Array, rows: number, cols: number) => {
  const t = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
  return t;
};

/** [OC, C, KH, KW] → [KH, KW, C, OC]. */
const kerasConvKernel = (w: Float32Array, [oc, c, kh, kw]: number[]) => {
  const t = new Float32Array(w.length);
  for (let o = 0; o < oc; o++) for (let i = 0; i < c; i++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) {
    t[((y * kw + x) * c + i) * oc + o] = w[((o * c + i) * kh + y) * kw + x];
  }
  return t;
};

const ACTIVATION: Partial<Record<UnaryOp, string>> = { relu: 'relu', tanh: 'tanh', sigmoid: 'sigmoid', softplus: 'softplus', gelu: 'gelu' };

export function toTfjs(graph: InferenceGraph, opts: { weightsFile?: string; metadata?: Record<string, unknown> } = {}): TfjsArtifacts {
  const k = new KerasWriter();
  const values: Value[] = [];
  const entry = (id: number): GraphEntry => graph.entries[id];
  const unsupported = (e: GraphEntry, what: string): never => {
    throw new Error(`export tfjs: ${e.origin}: ${what} has no TensorFlow.js layer that loads without custom code; export this model with --format onnx`);
  };
  const inLayout = (id: number, want: Layout): string => {
    const v = values[id];
    if (entry(id).shape.length !== 3 || v.layout === want) return v.layer;
    return k.layer('Permute', { dims: want === 'hwc' ? [2, 3, 1] : [3, 1, 2] }, [v.layer]);
  };
  const layoutShape = (id: number) => {
    const s = entry(id).shape;
    return s.length === 3 && values[id].layout === 'hwc' ? [s[1], s[2], s[0]] : s;
  };
  const padded = (id: number, p: number) => (p > 0 ? k.layer('ZeroPadding2D', { padding: [[p, p], [p, p]], data_format: 'channels_last' }, [inLayout(id, 'hwc')]) : inLayout(id, 'hwc'));

  const lower = (n: GraphNode, e: GraphEntry): Value => {
    const same = (id: number, layer: string): Value => ({ layer, layout: values[id].layout });
    switch (n.kind) {
      case 'input':
        return { layer: k.layer('InputLayer', { batch_input_shape: [null, ...graph.inputShape], dtype: 'float32', sparse: false }, []), layout: 'chw' };
      case 'dense':
        return { layer: k.dense(values[n.input].layer, transpose(n.weight, n.outFeatures, n.inFeatures), n.inFeatures, n.outFeatures, n.bias), layout: 'chw' };
      case 'conv2d': {
        const [oc, , kh, kw] = n.weightShape;
        return { layer: k.layer('Conv2D', { filters: oc, kernel_size: [kh, kw], strides: [n.stride, n.stride], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'linear', use_bias: n.bias !== null },
          [padded(n.input, n.padding)], [['kernel', kerasConvKernel(n.weight, n.weightShape), [kh, kw, n.weightShape[1], oc]], ...(n.bias ? [['bias', n.bias, [oc]] as [string, Float32Array, number[]]] : [])]), layout: 'hwc' };
      }
      case 'pool': {
        // Zero padding equals Topiary's average pooling (it divides by the full window), not its max pooling.
        if (n.mode === 'max' && n.padding > 0) unsupported(e, `max pooling with padding ${n.padding}`);
        const cfg = { pool_size: [n.kernel, n.kernel], strides: [n.stride, n.stride], padding: 'valid', data_format: 'channels_last' };
        return { layer: k.layer(n.mode === 'max' ? 'MaxPooling2D' : 'AveragePooling2D', cfg, [padded(n.input, n.padding)]), layout: 'hwc' };
      }
      case 'flatten':
        return { layer: entry(n.input).shape.length === 1 ? values[n.input].layer : k.layer('Flatten', {}, [inLayout(n.input, 'chw')]), layout: 'chw' };
      case 'unary': {
        const x = values[n.input].layer;
        if (ACTIVATION[n.op]) return same(n.input, k.layer('Activation', { activation: ACTIVATION[n.op] }, [x]));
        if (n.op === 'leakyRelu') return same(n.input, k.layer('LeakyReLU', { alpha: n.alpha }, [x]));
        // A leaky ReLU with slope −1 is |x|.
        if (n.op === 'abs') return same(n.input, k.layer('LeakyReLU', { alpha: -1 }, [x]));
        // tfjs-layers frees a value too early when one layer reads it twice, so the second factor is a reshaped alias.
        if (n.op === 'square') return same(n.input, k.layer('Multiply', {}, [x, k.layer('Reshape', { target_shape: layoutShape(n.input) }, [x])]));
        return unsupported(e, `activation ${n.op}`);
      }
      case 'batchnorm': {
        const axis = entry(n.input).shape.length === 3 && values[n.input].layout === 'hwc' ? -1 : 1;
        const f = n.gamma.length;
        return same(n.input, k.layer('BatchNormalization', { axis, epsilon: n.eps, momentum: 0.99, center: true, scale: true }, [values[n.input].layer],
          [['gamma', n.gamma, [f]], ['beta', n.beta, [f]], ['moving_mean', n.mean, [f]], ['moving_variance', n.variance, [f]]]));
      }
      case 'binary': {
        const cls = { add: 'Add', sub: 'Subtract', mul: 'Multiply', max: 'Maximum', min: 'Minimum' }[n.op];
        if (entry(n.a).shape.join() !== entry(n.b).shape.join()) unsupported(e, `elementwise ${n.op} of shapes [${entry(n.a).shape}] and [${entry(n.b).shape}]`);
        // Both operands in one layout; one value read twice needs an alias (see square).
        const layout = values[n.a].layout, a = inLayout(n.a, layout);
        let b = inLayout(n.b, layout);
        if (b === a) b = k.layer('Reshape', { target_shape: layoutShape(n.a) }, [a]);
        return { layer: k.layer(cls, {}, [a, b]), layout };
      }
      case 'columns': {
        // Selecting features is a dense layer with one-hot columns (exact: every other product is zero).
        const inF = entry(n.input).shape[0], sel = new Float32Array(inF * n.indices.length);
        n.indices.forEach((src, j) => { sel[src * n.indices.length + j] = 1; });
        return { layer: k.dense(values[n.input].layer, sel, inF, n.indices.length, null), layout: 'chw' };
      }
      case 'constant': {
        const inF = entry(n.like).shape[0];
        return { layer: k.dense(values[n.like].layer, new Float32Array(inF), inF, 1, Float32Array.of(n.value)), layout: 'chw' };
      }
      case 'featureAffine':
        return { layer: k.diagonal(values[n.input].layer, e.shape[0], n.scale, n.shift), layout: 'chw' };
      case 'standardize':
        if (e.shape.length !== 1) unsupported(e, 'scaling a [C, H, W] value');
        return { layer: k.diagonal(values[n.input].layer, e.shape[0], n.factor, -n.center * n.factor), layout: 'chw' };
      case 'clip': {
        if (e.shape.length !== 1) unsupported(e, 'clipping a [C, H, W] value');
        const shifted = k.diagonal(values[n.input].layer, e.shape[0], 1, -n.min);
        const capped = k.layer('ReLU', { max_value: n.max - n.min }, [shifted]);
        return { layer: k.diagonal(capped, e.shape[0], 1, n.min), layout: 'chw' };
      }
      case 'concat':
        return { layer: k.layer('Concatenate', { axis: -1 }, n.inputs.map((i) => values[i].layer)), layout: 'chw' };
    }
  };
  graph.entries.forEach((e) => values.push(lower(e.node, e)));
  const out = entry(graph.output).shape.length === 3 ? inLayout(graph.output, 'chw') : values[graph.output].layer;

  const weightsFile = opts.weightsFile ?? 'weights.bin';
  const total = k.chunks.reduce((n, c) => n + c.length, 0);
  const packed = new Float32Array(total);
  let offset = 0;
  for (const c of k.chunks) { packed.set(c, offset); offset += c.length; }
  const modelJson = {
    format: 'layers-model', generatedBy: 'topiary', convertedBy: null,
    modelTopology: {
      class_name: 'Model', keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js',
      config: { name: 'topiary', layers: k.layers, input_layers: [[values[0].layer, 0, 0]], output_layers: [[out, 0, 0]] },
    },
    weightsManifest: [{ paths: [weightsFile], weights: k.specs }],
    userDefinedMetadata: opts.metadata ?? {},
  };
  return { modelJson, weightData: new Uint8Array(packed.buffer), weightsFile };
}
