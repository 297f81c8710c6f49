/** A stack of evolving layers, its JSON form, and its formula. */
import { unary } from '../core/ops/elementwise.js';
import { flatten } from '../core/ops/shape.js';
import { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import { EvLayer, type Normalization, type Operand } from './ev-layer.js';
import { EV_OP_DEFS, EV_OPS, type EvOpName } from './ops.js';

type OperandSpec = { input: number } | { op: number } | { const: number };
export interface EvLayerSpec {
  inputs: number; outputs: number;
  ops: { fn: EvOpName; a: OperandSpec; b: OperandSpec | null; runningMean: number; runningVar: number }[];
  weight: number[]; bias: number[];
}
export interface EvNetSpec { format: 'topiary-opgraph'; version: 1; norm: Normalization; layers: EvLayerSpec[] }

export class EvolvingNet extends Module {
  readonly layers: EvLayer[];
  constructor(layers: EvLayer[]) { super(); this.layers = layers; }

  /** inputs → (hidden sizes, tanh between layers) → outputs. */
  static create(inputs: number, outputs: number, hidden: number[], seed: number, norm: Normalization = 'batch'): EvolvingNet {
    const rng = new Rng(seed);
    const sizes = [inputs, ...hidden, outputs];
    return new EvolvingNet(sizes.slice(1).map((o, i) => new EvLayer(sizes[i], o, rng.fork(), norm)));
  }

  forward(x: Tensor): Tensor {
    let h = x.rank > 2 ? flatten(x) : x;
    this.layers.forEach((l, i) => { h = l.forward(h); if (i < this.layers.length - 1) h = unary('tanh', h); });
    return h;
  }

  override children(): Module[] { return this.layers; }
  get opCount(): number { return this.layers.reduce((n, l) => n + l.ops.length, 0); }

  toSpec(): EvNetSpec {
    return {
      format: 'topiary-opgraph', version: 1, norm: this.layers[0]?.norm ?? 'batch',
      layers: this.layers.map((l) => {
        const operand = (o: Operand | null): OperandSpec | null =>
          o === null ? null : o.kind === 'input' ? { input: o.index } : o.kind === 'op' ? { op: o.index } : { const: o.param.data[0] };
        return {
          inputs: l.inputs, outputs: l.outputs, weight: Array.from(l.weight.data), bias: Array.from(l.bias.data),
          ops: l.ops.map((op) => ({ fn: op.fn, a: operand(op.a)!, b: operand(op.b), runningMean: op.runningMean, runningVar: op.runningVar })),
        };
      }),
    };
  }

  static fromSpec(spec: EvNetSpec, where = 'op graph'): EvolvingNet {
    if (spec.format !== 'topiary-opgraph' || spec.version !== 1) {
      throw new Error(`${where}: field "format"/"version" is ${JSON.stringify([spec.format, spec.version])}; expected ["topiary-opgraph", 1]`);
    }
    const rng = new Rng(0);
    return new EvolvingNet(spec.layers.map((ls, li) => {
      const l = new EvLayer(ls.inputs, ls.outputs, rng, spec.norm);
      const operand = (o: OperandSpec | null, path: string): Operand | null => {
        if (o === null) return null;
        if ('input' in o) return { kind: 'input', index: o.input };
        if ('op' in o) return { kind: 'op', index: o.op };
        if ('const' in o) return { kind: 'const', param: new Parameter(Float32Array.of(o.const), [1], 'const') };
        throw new Error(`${where}: field "${path}" is ${JSON.stringify(o)}; expected {"input": i}, {"op": k} or {"const": v}`);
      };
      ls.ops.forEach((op, k) => {
        if (!(EV_OPS as readonly string[]).includes(op.fn)) throw new Error(`${where}: field "layers[${li}].ops[${k}].fn" is "${op.fn}"; expected one of ${EV_OPS.join(', ')}`);
        l.addOp(op.fn, operand(op.a, `layers[${li}].ops[${k}].a`)!, operand(op.b, `layers[${li}].ops[${k}].b`));
        l.ops[k].runningMean = op.runningMean;
        l.ops[k].runningVar = op.runningVar;
      });
      if (ls.weight.length !== l.weight.size) throw new Error(`${where}: layers[${li}].weight has ${ls.weight.length} values, expected ${l.weight.size}`);
      l.weight.data.set(ls.weight);
      l.bias.data.set(ls.bias);
      return l;
    }));
  }

  /**
   * The function as a formula (single-layer graphs): batch normalisation is
   * folded into each op's coefficient and the bias; nested ops show as n(…)
   * (normalised); terms with |coefficient| < minCoef are left out.
   */
  formula(inputNames?: string[], minCoef = 1e-3): string | null {
    if (this.layers.length !== 1) return null;
    const l = this.layers[0];
    const name = (i: number) => inputNames?.[i] ?? `x${i + 1}`;
    const exprs: string[] = [];
    const operand = (o: Operand | null): string =>
      o === null ? '' : o.kind === 'input' ? name(o.index) : o.kind === 'const' ? fmt(o.param.data[0]) : `n${exprs[o.index]}`;
    for (const op of l.ops) exprs.push(EV_OP_DEFS[op.fn].format(operand(op.a), operand(op.b)));
    const w = l.weight.data, cols = l.weight.shape[1];
    const lines: string[] = [];
    for (let j = 0; j < l.outputs; j++) {
      let bias = l.bias.data[j];
      const terms: [number, string][] = [];
      for (let i = 0; i < l.inputs; i++) terms.push([w[j * cols + i], name(i)]);
      l.ops.forEach((op, k) => {
        const scale = l.norm === 'batch' ? 1 / Math.sqrt(op.runningVar + 1e-5) : 1;
        const c = w[j * cols + l.inputs + k] * scale;
        if (l.norm === 'batch') bias -= c * op.runningMean;
        terms.push([c, exprs[k]]);
      });
      const kept = terms.filter(([c]) => Math.abs(c) >= minCoef).sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]));
      const body = kept.map(([c, e], i) => `${i === 0 ? (c < 0 ? '−' : '') : c < 0 ? ' − ' : ' + '}${fmt(Math.abs(c))}·${e}`).join('');
      lines.push(`y${j} = ${body || '0'}${bias < 0 ? ' − ' : ' + '}${fmt(Math.abs(bias))}`);
    }
    return lines.join('\n') + (l.norm === 'l2' ? '\n(ops are L2-normalised over the batch)' : '');
  }
}

const fmt = (v: number) => Number(v.toPrecision(3)).toString();
