/**
 * A genome as a network evaluated on a whole batch at once. Values are kept
 * node-major (one row of the batch per array element), so the JavaScript loop
 * runs over nodes and connections, never over samples: the connections from
 * the inputs and the bias are one matrix product on the kernels, each hidden
 * connection a scaled add over the batch, each activation one kernel call.
 *
 * Weight-agnostic evaluation (`shared`) gives every enabled connection the
 * same weight w. The weighted sum into a node is then w times the plain sum,
 * so the input part is computed once and reused for every w of a sweep.
 */
import { kernel } from '../core/backend.js';
import { acquire, release } from '../core/pool.js';
import { ACTIVATION_DEFS, kernelCode } from './activations.js';
import { type Genome, checkGenome, computingOrder } from './genome.js';

export interface Network {
  readonly inputs: number;
  readonly outputs: number;
  /** Nodes that compute (hidden and output), in evaluation order. */
  readonly computing: number;
  /** Rows-major outputs (n × outputs) of n rows of inputs, with the genome's own weights. */
  evaluate(x: Float32Array, n: number): Float32Array;
  /** The outputs with every connection weight replaced by each of `weights` in turn. */
  evaluateShared(x: Float32Array, n: number, weights: readonly number[]): Float32Array[];
  /** The outputs with row r's connections all weighted `rowWeight[r]`. */
  evaluateRows(x: Float32Array, n: number, rowWeight: Float32Array): Float32Array;
}

interface Plan {
  inputs: number; outputs: number;
  /** Per computing node: the weights of its connections from inputs (H × I, genome weights and all-ones). */
  fromInputs: Float32Array; fromInputsUnit: Float32Array;
  /** Per computing node, its bias connection's weight (0 when none) and the count of bias connections (unit weights). */
  bias: Float32Array; biasUnit: Float32Array;
  /** Per computing node, its connections from other computing nodes (by position in the order). */
  hidden: { from: number; weight: number }[][];
  code: Int32Array; scale: Float32Array;
  /** Positions of the output nodes in the order. */
  outputAt: Int32Array;
}

function plan(g: Genome): Plan {
  checkGenome(g);
  const inputIds = g.nodes.filter((n) => n.kind === 'input').map((n) => n.id);
  const inputAt = new Map(inputIds.map((id, k) => [id, k]));
  const biasIds = new Set(g.nodes.filter((n) => n.kind === 'bias').map((n) => n.id));
  const incoming = new Map<number, { from: number; weight: number }[]>();
  for (const c of g.connections) if (c.enabled) incoming.set(c.to, [...(incoming.get(c.to) ?? []), { from: c.from, weight: c.weight }]);
  const node = new Map(g.nodes.map((n) => [n.id, n]));
  const order = computingOrder(g);
  const at = new Map(order.map((id, k) => [id, k]));
  const H = order.length, I = inputIds.length;
  const p: Plan = {
    inputs: I, outputs: 0, fromInputs: new Float32Array(H * I), fromInputsUnit: new Float32Array(H * I), bias: new Float32Array(H), biasUnit: new Float32Array(H),
    hidden: order.map(() => []), code: new Int32Array(H), scale: new Float32Array(H),
    outputAt: Int32Array.from(g.nodes.filter((n) => n.kind === 'output').map((n) => at.get(n.id)!)),
  };
  p.outputs = p.outputAt.length;
  order.forEach((id, h) => {
    const def = ACTIVATION_DEFS[node.get(id)!.activation];
    p.code[h] = kernelCode(node.get(id)!.activation);
    p.scale[h] = def.scale;
    for (const { from, weight } of incoming.get(id) ?? []) {
      if (inputAt.has(from)) { p.fromInputs[h * I + inputAt.get(from)!] += weight; p.fromInputsUnit[h * I + inputAt.get(from)!] += 1; }
      else if (biasIds.has(from)) { p.bias[h] += weight; p.biasUnit[h] += 1; }
      else p.hidden[h].push({ from: at.get(from)!, weight });
    }
  });
  return p;
}

/** The input part of every node's sum (H × n, node-major): weights · xᵀ + bias. */
function inputPart(p: Plan, x: Float32Array, n: number, unit: boolean): Float32Array {
  const H = p.code.length, I = p.inputs, out = acquire(H * n);
  if (x.length !== n * I) throw new Error(`network: got ${x.length} input values for ${n} rows; expected ${I} per row`);
  if (I > 0) kernel().gemm(false, true, H, n, I, 1, unit ? p.fromInputsUnit : p.fromInputs, I, x, I, 0, out, n, null, 0, 0, 0);
  else out.fill(0);
  const bias = unit ? p.biasUnit : p.bias;
  for (let h = 0; h < H; h++) {
    const b = bias[h];
    if (b !== 0) for (let r = h * n, e = r + n; r < e; r++) out[r] += b;
  }
  return out;
}

/**
 * Runs the nodes in order on top of the input part: sum the hidden connections, scale (by the node's
 * activation scale times the shared weight: one number, or one per row), activate. Returns n × outputs.
 */
function propagate(p: Plan, part: Float32Array, n: number, unit: boolean, weight: number | Float32Array): Float32Array {
  const H = p.code.length, values = acquire(H * n), k = kernel();
  for (let h = 0; h < H; h++) {
    const v = values.subarray(h * n, (h + 1) * n);
    v.set(part.subarray(h * n, (h + 1) * n));
    for (const c of p.hidden[h]) {
      const w = unit ? 1 : c.weight, src = c.from * n;
      for (let r = 0; r < n; r++) v[r] += w * values[src + r];
    }
    if (typeof weight === 'number') {
      const s = weight * p.scale[h];
      if (s !== 1) for (let r = 0; r < n; r++) v[r] *= s;
    } else {
      const s = p.scale[h];
      for (let r = 0; r < n; r++) v[r] *= s * weight[r];
    }
    if (p.code[h] !== 0) k.unary(p.code[h], v, v, n, 0);
  }
  const O = p.outputs, out = new Float32Array(n * O);
  for (let o = 0; o < O; o++) {
    const src = p.outputAt[o] * n;
    for (let r = 0; r < n; r++) out[r * O + o] = values[src + r];
  }
  release(values);
  return out;
}

export function compile(g: Genome): Network {
  const p = plan(g);
  return {
    inputs: p.inputs, outputs: p.outputs, computing: p.code.length,
    evaluate(x, n) {
      const part = inputPart(p, x, n, false);
      const out = propagate(p, part, n, false, 1);
      release(part);
      return out;
    },
    evaluateShared(x, n, weights) {
      const part = inputPart(p, x, n, true);
      const outs = weights.map((w) => propagate(p, part, n, true, w));
      release(part);
      return outs;
    },
    evaluateRows(x, n, rowWeight) {
      if (rowWeight.length !== n) throw new Error(`network: got ${rowWeight.length} row weights for ${n} rows`);
      const part = inputPart(p, x, n, true);
      const out = propagate(p, part, n, true, rowWeight);
      release(part);
      return out;
    },
  };
}
