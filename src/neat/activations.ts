/**
 * The node activations a genome may use, each as one of the kernels' unary
 * functions applied after a fixed scale of its input: sin and cos take π·x
 * (one period per unit of input), NEAT's sigmoid is steepened to 4.9·x. The
 * scale is folded into the weighted sum, so evaluation, gradients and exports
 * all use the kernels' own functions.
 */
import { UNARY_CODE, type UnaryOp } from '../core/kernel.js';
import { UNARY_FORWARD } from '../core/backends/reference.js';

export interface ActivationDef { op: UnaryOp; scale: number }

export const ACTIVATION_DEFS = {
  linear: { op: 'identity', scale: 1 },
  step: { op: 'step', scale: 1 },
  sin: { op: 'sin', scale: Math.PI },
  cos: { op: 'cos', scale: Math.PI },
  gaussian: { op: 'gaussian', scale: 1 },
  tanh: { op: 'tanh', scale: 1 },
  sigmoid: { op: 'sigmoid', scale: 4.9 },
  abs: { op: 'abs', scale: 1 },
  invert: { op: 'neg', scale: 1 },
  relu: { op: 'relu', scale: 1 },
} as const satisfies Record<string, ActivationDef>;
export type Activation = keyof typeof ACTIVATION_DEFS;
export const ACTIVATION_NAMES = Object.keys(ACTIVATION_DEFS) as Activation[];

export const isActivation = (name: string): name is Activation => Object.hasOwn(ACTIVATION_DEFS, name);
export const kernelCode = (a: Activation): number => UNARY_CODE[ACTIVATION_DEFS[a].op];

/** One value through an activation, in double precision (for readers and tests; networks use the kernels). */
export function activate(a: Activation, x: number): number {
  const d = ACTIVATION_DEFS[a];
  return UNARY_FORWARD[d.op](d.scale * x, 0);
}
