/** Broadcasting binary ops and unary functions, with their gradients. */
import { record, tracking, anomalyMode, checkFinite } from '../autograd.js';
import { kernel } from '../backend.js';
import { UNARY_CODE, type UnaryOp } from '../kernel.js';
import { Tensor } from '../tensor.js';
import { binaryRaw, unaryRaw } from './elementwise-raw.js';
import { sumTo } from './reduce.js';

export { binaryRaw, unaryRaw };

const asTensor = (v: Tensor | number): Tensor => (typeof v === 'number' ? Tensor.scalar(v) : v);

/** The output of an op that records nothing (still checked in anomaly mode). */
function plain(op: string, out: Tensor): Tensor {
  if (anomalyMode()) checkFinite(op, out, 'output');
  return out;
}

export function add(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b);
  if (!tracking(a, bt)) return plain('add', binaryRaw('add', a, bt));
  return record(binaryRaw('add', a, bt), 'add', [a, bt], (g) => [sumTo(g, a.shape), sumTo(g, bt.shape)]);
}

export function sub(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b);
  if (!tracking(a, bt)) return plain('sub', binaryRaw('sub', a, bt));
  return record(binaryRaw('sub', a, bt), 'sub', [a, bt], (g) => [
    sumTo(g, a.shape),
    bt.requiresGrad ? sumTo(unaryRaw('neg', g), bt.shape) : null,
  ]);
}

export function mul(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b);
  if (!tracking(a, bt)) return plain('mul', binaryRaw('mul', a, bt));
  return record(binaryRaw('mul', a, bt), 'mul', [a, bt], (g) => [
    a.requiresGrad ? sumTo(binaryRaw('mul', g, bt), a.shape) : null,
    bt.requiresGrad ? sumTo(binaryRaw('mul', g, a), bt.shape) : null,
  ]);
}

export function div(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b);
  const out = binaryRaw('div', a, bt);
  return record(out, 'div', [a, bt], (g) => [
    a.requiresGrad ? sumTo(binaryRaw('div', g, bt), a.shape) : null,
    bt.requiresGrad ? sumTo(unaryRaw('neg', binaryRaw('div', binaryRaw('mul', g, out), bt)), bt.shape) : null,
  ]);
}

function minMax(op: 'max' | 'min', a: Tensor, bt: Tensor): Tensor {
  return record(binaryRaw(op, a, bt), op === 'max' ? 'maximum' : 'minimum', [a, bt], (g) => {
    // The gradient goes to whichever operand was selected; ties go to the second.
    const diff = op === 'max' ? binaryRaw('sub', a, bt) : binaryRaw('sub', bt, a);
    const maskA = unaryRaw('step', diff);
    const maskB = binaryRaw('sub', Tensor.scalar(1), maskA);
    return [
      a.requiresGrad ? sumTo(binaryRaw('mul', g, maskA), a.shape) : null,
      bt.requiresGrad ? sumTo(binaryRaw('mul', g, maskB), bt.shape) : null,
    ];
  });
}

export const maximum = (a: Tensor, b: Tensor | number): Tensor => minMax('max', a, asTensor(b));
export const minimum = (a: Tensor, b: Tensor | number): Tensor => minMax('min', a, asTensor(b));

/** Applies an elementwise function; `alpha` is the negative slope of leakyRelu. */
export function unary(op: UnaryOp, x: Tensor, alpha = 0.01): Tensor {
  const out = unaryRaw(op, x, alpha);
  if (!tracking(x)) return plain(op, out);
  return record(out, op, [x], (g) => {
    const gx = Tensor.empty(x.shape);
    kernel().unaryBackward(UNARY_CODE[op], x.data, out.data, g.data, gx.data, x.size, alpha);
    return [gx];
  });
}

export const relu = (x: Tensor): Tensor => unary('relu', x);
export const leakyRelu = (x: Tensor, slope = 0.01): Tensor => unary('leakyRelu', x, slope);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const square = (x: Tensor): Tensor => unary('square', x);
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const neg = (x: Tensor): Tensor => unary('neg', x);
