/**
 * Element-wise kernels run without recording history: the building blocks of the recorded ops and of their
 * gradient rules (reductions use them too, which is why they live apart from elementwise.ts).
 */
import { kernel } from '../backend.js';
import { BINARY_CODE, type BinaryOp, UNARY_CODE, type UnaryOp } from '../kernel.js';
import { Tensor, sameShape } from '../tensor.js';
import { broadcastShapes, broadcastStrides, collapse } from './broadcast.js';

const UNIT = new Int32Array([1]);
/** Reused for the common flat case; kernels read it synchronously, so sharing is safe. */
const FLAT = new Int32Array(1);

/** Runs a binary kernel without recording history. */
export function binaryRaw(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  a.assertLive(op);
  b.assertLive(op);
  if (sameShape(a.shape, b.shape)) {
    const out = Tensor.empty(a.shape);
    FLAT[0] = a.size;
    kernel().binary(BINARY_CODE[op], a.data, UNIT, b.data, UNIT, out.data, FLAT);
    return out;
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = Tensor.empty(shape);
  if (out.size === 0) return out;
  const [s, sa, sb] = collapse(shape, broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape));
  kernel().binary(BINARY_CODE[op], a.data, sa, b.data, sb, out.data, s);
  return out;
}

export function unaryRaw(op: UnaryOp, x: Tensor, alpha = 0): Tensor {
  x.assertLive(op);
  const out = Tensor.empty(x.shape);
  kernel().unary(UNARY_CODE[op], x.data, out.data, x.size, alpha);
  return out;
}
