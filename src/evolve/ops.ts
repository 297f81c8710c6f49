/** The functions an evolved op can apply: one registry entry each (arity, computation, how it prints). */
import { OptionError } from '../core/option-error.js';
import { add, maximum, minimum, mul, sub, unary } from '../core/ops/elementwise.js';
import type { Tensor } from '../core/tensor.js';

export const EV_OPS = ['add', 'sub', 'mul', 'max', 'min', 'tanh', 'sin', 'square', 'abs'] as const;
export type EvOpName = (typeof EV_OPS)[number];

interface OpDef { arity: 1 | 2; apply(a: Tensor, b: Tensor): Tensor; format(a: string, b: string): string }

export const EV_OP_DEFS: { [K in EvOpName]: OpDef } = {
  add: { arity: 2, apply: (a, b) => add(a, b), format: (a, b) => `(${a} + ${b})` },
  sub: { arity: 2, apply: (a, b) => sub(a, b), format: (a, b) => `(${a} − ${b})` },
  mul: { arity: 2, apply: (a, b) => mul(a, b), format: (a, b) => `(${a}·${b})` },
  max: { arity: 2, apply: (a, b) => maximum(a, b), format: (a, b) => `max(${a}, ${b})` },
  min: { arity: 2, apply: (a, b) => minimum(a, b), format: (a, b) => `min(${a}, ${b})` },
  tanh: { arity: 1, apply: (a) => unary('tanh', a), format: (a) => `tanh(${a})` },
  sin: { arity: 1, apply: (a) => unary('sin', a), format: (a) => `sin(${a})` },
  square: { arity: 1, apply: (a) => unary('square', a), format: (a) => `${a}²` },
  abs: { arity: 1, apply: (a) => unary('abs', a), format: (a) => `|${a}|` },
};

export function parseOpList(list: string): EvOpName[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!(EV_OPS as readonly string[]).includes(n)) throw new OptionError('ops', `unknown op "${n}"; allowed: ${EV_OPS.join(', ')}`);
  }
  if (names.length === 0) throw new OptionError('ops', `empty list; allowed: ${EV_OPS.join(', ')}`);
  return names as EvOpName[];
}
