/**
 * An evolving layer: an ordered list of ops, each applying a function to
 * inputs, earlier ops' outputs or trainable constants; a linear map reads the
 * inputs and every op output. Ops are added and pruned while it trains; the
 * output weights resize in place together with their optimizer state.
 */
import { noGrad } from '../core/autograd.js';
import { add, div, maximum, minimum, mul, sqrt, sub, unary } from '../core/ops/elementwise.js';
import { linear } from '../core/ops/linalg.js';
import { mean, sum, variance } from '../core/ops/reduce.js';
import { concat, indexSelect } from '../core/ops/shape.js';
import type { Rng } from '../core/random.js';
import { Tensor } from '../core/tensor.js';
import { initValues } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import { EV_OP_DEFS, type EvOpName } from './ops.js';

export type Operand = { kind: 'input'; index: number } | { kind: 'op'; index: number } | { kind: 'const'; param: Parameter };
export interface EvOp { fn: EvOpName; a: Operand; b: Operand | null; runningMean: number; runningVar: number }
export type Normalization = 'batch' | 'l2' | 'none';

export const OP_NORM_EPS = 1e-5;
/**
 * Batch-normalised op outputs are clipped to ±6, in training and inference alike: an op that was nearly
 * constant on the training data (tiny running variance) could otherwise blow up on a new input.
 */
export const OP_CLIP = 6;

export class EvLayer extends Module {
  readonly inputs: number;
  readonly ops: EvOp[] = [];
  readonly weight: Parameter;
  readonly bias: Parameter;
  readonly norm: Normalization;
  momentum = 0.1;

  constructor(inputs: number, outputs: number, rng: Rng, norm: Normalization = 'batch') {
    super();
    this.inputs = inputs;
    this.norm = norm;
    this.weight = new Parameter(initValues('xavier', rng, [outputs, inputs], inputs, outputs), [outputs, inputs], 'weight');
    this.bias = new Parameter(new Float32Array(outputs), [outputs], 'bias');
  }

  get outputs(): number { return this.weight.shape[0]; }

  override ownParameters(): Parameter[] {
    const consts = this.ops.flatMap((o) => [o.a, o.b]).filter((x): x is { kind: 'const'; param: Parameter } => x?.kind === 'const').map((x) => x.param);
    return [this.weight, this.bias, ...consts];
  }

  /** Normalised op outputs, each [batch, 1]. */
  opOutputs(x: Tensor): Tensor[] {
    const inputCols = new Map<number, Tensor>();
    const cols: Tensor[] = [];
    const value = (o: Operand): Tensor => {
      if (o.kind === 'const') return o.param;
      if (o.kind === 'op') return cols[o.index];
      let c = inputCols.get(o.index);
      if (!c) { c = indexSelect(x, 1, [o.index]); inputCols.set(o.index, c); }
      return c;
    };
    for (const op of this.ops) {
      const a = value(op.a);
      let v = EV_OP_DEFS[op.fn].apply(a, op.b ? value(op.b) : a);
      if (v.rank < 2) v = add(v, Tensor.zeros([x.shape[0], 1]));
      cols.push(this.normalize(v, op));
    }
    return cols;
  }

  private normalize(v: Tensor, op: EvOp): Tensor {
    if (this.norm === 'none') return v;
    if (this.norm === 'l2') return div(v, sqrt(add(sum(mul(v, v)), OP_NORM_EPS)));
    const clip = (t: Tensor) => minimum(maximum(t, -OP_CLIP), OP_CLIP);
    if (!this.training) return clip(mul(sub(v, op.runningMean), 1 / Math.sqrt(op.runningVar + OP_NORM_EPS)));
    const m = mean(v), s2 = variance(v);
    noGrad(() => {
      op.runningMean = (1 - this.momentum) * op.runningMean + this.momentum * m.item();
      op.runningVar = (1 - this.momentum) * op.runningVar + this.momentum * s2.item();
    });
    return clip(div(sub(v, m), sqrt(add(s2, OP_NORM_EPS))));
  }

  forward(x: Tensor): Tensor {
    const cols = this.opOutputs(x);
    return linear(cols.length ? concat([x, ...cols], 1) : x, this.weight, this.bias);
  }

  /** Sum of |output weight| over op columns (the complexity penalty's raw value). */
  opWeightL1(): Tensor {
    if (this.ops.length === 0) return Tensor.scalar(0);
    const idx = this.ops.map((_, k) => this.inputs + k);
    return sum(unary('abs', indexSelect(this.weight, 1, idx)));
  }

  /** Indices of ops no other op reads. */
  leafOps(): number[] {
    const used = new Set<number>();
    for (const op of this.ops) for (const o of [op.a, op.b]) if (o?.kind === 'op') used.add(o.index);
    return this.ops.map((_, k) => k).filter((k) => !used.has(k));
  }

  /** Per leaf op: ‖W[:, op]‖ · std over the batch of its output — its weighted contribution's spread. */
  leafScores(x: Tensor): { index: number; score: number }[] {
    return noGrad(() => {
      const cols = this.opOutputs(x);
      return this.leafOps().map((k) => {
        const h = cols[k].data;
        let m = 0;
        for (const v of h) m += v / h.length;
        let s2 = 0;
        for (const v of h) s2 += (v - m) ** 2;
        let wn = 0;
        for (let j = 0; j < this.outputs; j++) wn += this.weight.data[j * this.weight.shape[1] + this.inputs + k] ** 2;
        return { index: k, score: Math.sqrt(wn) * Math.sqrt(s2 / h.length) };
      });
    });
  }

  /** Removes op k (must be a leaf); returns the constants that left with it. */
  removeOp(k: number): Parameter[] {
    if (!this.leafOps().includes(k)) throw new Error(`removeOp: op ${k} is read by another op; only leaf ops can be removed`);
    const gone = this.ops[k];
    this.weight.remove(1, [this.inputs + k]);
    this.ops.splice(k, 1);
    for (const op of this.ops) {
      for (const o of [op.a, op.b]) if (o?.kind === 'op' && o.index > k) o.index--;
    }
    return [gone.a, gone.b].filter((o): o is { kind: 'const'; param: Parameter } => o?.kind === 'const').map((o) => o.param);
  }

  /** Appends an op with zero output weights (the layer's function is unchanged); returns new constants. */
  addOp(fn: EvOpName, a: Operand, b: Operand | null): Parameter[] {
    const check = (o: Operand | null) => {
      if (o?.kind === 'input' && !(o.index >= 0 && o.index < this.inputs)) throw new Error(`addOp: input ${o.index} is outside [0, ${this.inputs - 1}]`);
      if (o?.kind === 'op' && !(o.index >= 0 && o.index < this.ops.length)) throw new Error(`addOp: op ${o.index} does not exist yet (ops read only earlier ops)`);
    };
    check(a); check(b);
    if ((EV_OP_DEFS[fn].arity === 2) !== (b !== null)) throw new Error(`addOp: ${fn} takes ${EV_OP_DEFS[fn].arity} operand(s)`);
    this.weight.insert(1, this.inputs + this.ops.length, 1);
    this.ops.push({ fn, a, b, runningMean: 0, runningVar: 1 });
    return [a, b].filter((o): o is { kind: 'const'; param: Parameter } => o?.kind === 'const').map((o) => o.param);
  }

  /** A random op over random operands (a new constant with probability pConst per operand). */
  addRandomOp(rng: Rng, allowed: readonly EvOpName[], pConst = 0.15): Parameter[] {
    const fn = allowed[rng.int(allowed.length)];
    const operand = (): Operand => {
      if (rng.next() < pConst) return { kind: 'const', param: new Parameter(Float32Array.of(rng.next() * 2 - 1), [1], 'const') };
      const i = rng.int(this.inputs + this.ops.length);
      return i < this.inputs ? { kind: 'input', index: i } : { kind: 'op', index: i - this.inputs };
    };
    const a = operand();
    return this.addOp(fn, a, EV_OP_DEFS[fn].arity === 2 ? operand() : null);
  }
}
