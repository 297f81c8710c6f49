/**
 * Gradient descent on a genome's own connection weights, topology fixed: the
 * weight-agnostic networks paper's comparison of what a found structure can do
 * once its weights are trained. Every enabled connection is one parameter
 * (started at the tuned shared weight, so training begins where the
 * weight-agnostic network stands); the loss is softmax cross-entropy, the
 * optimizer Adam on shuffled mini-batches. Forward and backward run node by
 * node over the whole batch, the input connections as one matrix product each
 * way, like the evaluation in network.ts.
 */
import { kernel } from '../core/backend.js';
import { Rng } from '../core/random.js';
import { ACTIVATION_DEFS, kernelCode } from './activations.js';
import { type Genome, checkGenome, cloneGenome, computingOrder } from './genome.js';

export interface LabelledRows { x: Float32Array; labels: Int32Array; n: number }

export interface TrainWeightsOptions {
  startWeight: number;
  epochs: number;
  batch?: number;
  learningRate?: number;
  seed: number;
  /** Called after each epoch with its mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** The genome as parameters: one per enabled connection, with where each enters the computation. */
interface Differentiable {
  inputs: number; nodes: number; classes: number;
  params: Float32Array;
  /** Parameter index of node h's connection from input i (H × I; −1 where none). */
  inputParam: Int32Array;
  biasParam: Int32Array;
  hidden: { from: number; param: number }[][];
  code: Int32Array; scale: Float32Array; outputAt: Int32Array;
  /** The enabled connections' positions in the genome, by parameter index. */
  connectionAt: number[];
}

function differentiable(g: Genome, startWeight: number): Differentiable {
  checkGenome(g);
  const order = computingOrder(g), at = new Map(order.map((id, h) => [id, h]));
  const kind = new Map(g.nodes.map((n) => [n.id, n]));
  const inputIndex = new Map(g.nodes.filter((n) => n.kind === 'input').map((n, k) => [n.id, k]));
  const H = order.length, I = inputIndex.size, connectionAt: number[] = [];
  const d: Differentiable = {
    inputs: I, nodes: H, classes: 0, params: new Float32Array(0), inputParam: new Int32Array(H * I).fill(-1), biasParam: new Int32Array(H).fill(-1),
    hidden: order.map(() => []), code: Int32Array.from(order, (id) => kernelCode(kind.get(id)!.activation)),
    scale: Float32Array.from(order, (id) => ACTIVATION_DEFS[kind.get(id)!.activation].scale),
    outputAt: Int32Array.from(g.nodes.filter((n) => n.kind === 'output'), (n) => at.get(n.id)!), connectionAt,
  };
  d.classes = d.outputAt.length;
  g.connections.forEach((c, position) => {
    if (!c.enabled) return;
    const p = connectionAt.push(position) - 1, h = at.get(c.to)!, source = kind.get(c.from)!;
    if (source.kind === 'input') d.inputParam[h * I + inputIndex.get(c.from)!] = p;
    else if (source.kind === 'bias') d.biasParam[h] = p;
    else d.hidden[h].push({ from: at.get(c.from)!, param: p });
  });
  d.params = new Float32Array(connectionAt.length).fill(startWeight);
  return d;
}

/** Mean cross-entropy of a batch, with its gradient added into `grad` (one entry per parameter). */
function lossAndGradient(d: Differentiable, x: Float32Array, labels: Int32Array, n: number, grad: Float32Array): number {
  const { inputs: I, nodes: H, classes: O, params: w } = d, k = kernel();
  const wIn = new Float32Array(H * I);
  d.inputParam.forEach((p, j) => { if (p >= 0) wIn[j] = w[p]; });
  const z = new Float32Array(H * n), value = new Float32Array(H * n);
  if (I > 0) k.gemm(false, true, H, n, I, 1, wIn, I, x, I, 0, z, n, null, 0, 0, 0);
  for (let h = 0; h < H; h++) {
    const zh = z.subarray(h * n, (h + 1) * n), b = d.biasParam[h] >= 0 ? w[d.biasParam[h]] : 0, s = d.scale[h];
    for (const c of d.hidden[h]) { const wc = w[c.param], src = c.from * n; for (let r = 0; r < n; r++) zh[r] += wc * value[src + r]; }
    for (let r = 0; r < n; r++) zh[r] = s * (zh[r] + b);
    k.unary(d.code[h], zh, value.subarray(h * n, (h + 1) * n), n, 0);
  }
  const logits = new Float32Array(n * O), gLogits = new Float32Array(n * O);
  for (let o = 0; o < O; o++) for (let r = 0; r < n; r++) logits[r * O + o] = value[d.outputAt[o] * n + r];
  const loss = k.softmaxCrossEntropy(logits, labels, n, O, gLogits);
  const gValue = new Float32Array(H * n), gPre = new Float32Array(H * n);
  for (let o = 0; o < O; o++) for (let r = 0; r < n; r++) gValue[d.outputAt[o] * n + r] += gLogits[r * O + o];
  for (let h = H - 1; h >= 0; h--) {
    const gp = gPre.subarray(h * n, (h + 1) * n), s = d.scale[h];
    k.unaryBackward(d.code[h], z.subarray(h * n, (h + 1) * n), value.subarray(h * n, (h + 1) * n), gValue.subarray(h * n, (h + 1) * n), gp, n, 0);
    let sum = 0;
    for (let r = 0; r < n; r++) { gp[r] *= s; sum += gp[r]; }
    if (d.biasParam[h] >= 0) grad[d.biasParam[h]] += sum;
    for (const c of d.hidden[h]) {
      const src = c.from * n, wc = w[c.param];
      let gw = 0;
      for (let r = 0; r < n; r++) { gw += gp[r] * value[src + r]; gValue[src + r] += wc * gp[r]; }
      grad[c.param] += gw;
    }
  }
  if (I > 0) {
    const gIn = new Float32Array(H * I);
    k.gemm(false, false, H, I, n, 1, gPre, n, x, I, 0, gIn, I, null, 0, 0, 0);
    d.inputParam.forEach((p, j) => { if (p >= 0) grad[p] += gIn[j]; });
  }
  return loss;
}

/** The batch's mean loss and its gradient with respect to every enabled connection's weight (genome order), for checks. */
export function genomeLossGradient(g: Genome, rows: LabelledRows): { loss: number; gradient: Float32Array } {
  const d = differentiable(g, 0);
  d.connectionAt.forEach((position, p) => { d.params[p] = g.connections[position].weight; });
  const gradient = new Float32Array(d.params.length);
  return { loss: lossAndGradient(d, rows.x, rows.labels, rows.n, gradient), gradient };
}

/** A copy of the genome with its enabled connections' weights trained on `rows`; disabled ones keep theirs. */
export function trainGenomeWeights(g: Genome, rows: LabelledRows, o: TrainWeightsOptions): Genome {
  const d = differentiable(g, o.startWeight), P = d.params.length, I = d.inputs;
  if (rows.x.length !== rows.n * I) throw new Error(`train weights: got ${rows.x.length} input values for ${rows.n} rows; expected ${I} per row`);
  const batch = Math.min(o.batch ?? 128, rows.n), lr = o.learningRate ?? 0.01, rng = new Rng(o.seed);
  const m = new Float32Array(P), v = new Float32Array(P), grad = new Float32Array(P), order = Int32Array.from({ length: rows.n }, (_, i) => i);
  const bx = new Float32Array(batch * I), by = new Int32Array(batch);
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = rows.n - 1; i > 0; i--) { const j = rng.int(i + 1); [order[i], order[j]] = [order[j], order[i]]; }
    let total = 0, batches = 0;
    for (let start = 0; start + batch <= rows.n; start += batch) {
      for (let r = 0; r < batch; r++) { const src = order[start + r]; bx.set(rows.x.subarray(src * I, (src + 1) * I), r * I); by[r] = rows.labels[src]; }
      grad.fill(0);
      total += lossAndGradient(d, bx, by, batch, grad);
      batches++;
      step++;
      const c1 = 1 - 0.9 ** step, c2 = 1 - 0.999 ** step;
      for (let p = 0; p < P; p++) {
        m[p] = 0.9 * m[p] + 0.1 * grad[p];
        v[p] = 0.999 * v[p] + 0.001 * grad[p] * grad[p];
        d.params[p] -= (lr * (m[p] / c1)) / (Math.sqrt(v[p] / c2) + 1e-8);
      }
    }
    o.onEpoch?.(epoch, total / Math.max(1, batches));
  }
  const trained = cloneGenome(g);
  d.connectionAt.forEach((position, p) => { trained.connections[position].weight = d.params[p]; });
  return trained;
}
