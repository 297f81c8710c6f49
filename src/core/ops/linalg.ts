/** Matrix products, including the fused dense layer y = act(x·Wᵀ + b). */
import { record } from '../autograd.js';
import { kernel } from '../backend.js';
import { BiasMode, UNARY_CODE, type UnaryOp } from '../kernel.js';
import { Tensor, formatShape } from '../tensor.js';
import { sumTo } from './reduce.js';
import { unary } from './elementwise.js';

/** C = op(A)·op(B) for 2-D tensors. */
export function matmul(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  if (a.rank !== 2 || b.rank !== 2) {
    throw new Error(`matmul: expected 2-D tensors, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  a.assertLive('matmul');
  b.assertLive('matmul');
  const ka = transA ? a.shape[0] : a.shape[1];
  const kb = transB ? b.shape[1] : b.shape[0];
  if (ka !== kb) {
    throw new Error(`matmul: inner dimensions differ: a ${formatShape(a.shape)}${transA ? 'ᵀ' : ''} has ${ka}, b ${formatShape(b.shape)}${transB ? 'ᵀ' : ''} has ${kb}`);
  }
  return record(matmulRaw(a, b, transA, transB), 'matmul', [a, b], (g) => [
    a.requiresGrad ? (transA ? matmulRaw(b, g, transB, true) : matmulRaw(g, b, false, !transB)) : null,
    b.requiresGrad ? (transB ? matmulRaw(g, a, true, transA) : matmulRaw(a, g, !transA, false)) : null,
  ]);
}

function matmulRaw(a: Tensor, b: Tensor, ta: boolean, tb: boolean): Tensor {
  const m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1], n = tb ? b.shape[0] : b.shape[1];
  const out = Tensor.empty([m, n]);
  kernel().gemm(ta, tb, m, n, k, 1, a.data, a.shape[1], b.data, b.shape[1], 0, out.data, n, null, BiasMode.None, 0, 0);
  return out;
}

/** Activations whose derivative can be read off the output, so they fuse into the GEMM epilogue. */
const FUSABLE: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['identity', 'relu', 'tanh', 'sigmoid', 'leakyRelu']);

/** y = act(x·Wᵀ + b) with x [batch, in], W [out, in], b [out]. */
export function linear(x: Tensor, w: Tensor, b: Tensor | null, act: UnaryOp = 'identity', alpha = 0.01): Tensor {
  if (x.rank !== 2 || w.rank !== 2 || x.shape[1] !== w.shape[1]) {
    throw new Error(`linear: input ${formatShape(x.shape)} does not match weight ${formatShape(w.shape)} (expected [batch, ${w.shape[1] ?? '?'}] for weight [out, in])`);
  }
  if (b !== null && (b.rank !== 1 || b.shape[0] !== w.shape[0])) {
    throw new Error(`linear: bias ${formatShape(b.shape)} does not match weight ${formatShape(w.shape)} (expected [${w.shape[0]}])`);
  }
  x.assertLive('linear');
  w.assertLive('linear');
  if (!FUSABLE.has(act)) return unary(act, linear(x, w, b), alpha);
  const [batch, inF] = x.shape, outF = w.shape[0];
  const y = Tensor.empty([batch, outF]);
  const code = UNARY_CODE[act];
  kernel().gemm(false, true, batch, outF, inF, 1, x.data, inF, w.data, inF, 0, y.data, outF, b?.data ?? null,
    b ? BiasMode.PerColumn : BiasMode.None, code, alpha);
  return record(y, 'linear', b ? [x, w, b] : [x, w], (g) => {
    let gz = g;
    if (act !== 'identity') {
      gz = Tensor.empty(y.shape);
      // relu/leakyRelu: sign(y) = sign(z), so y stands in for the pre-activation.
      kernel().unaryBackward(code, y.data, y.data, g.data, gz.data, y.size, alpha);
    }
    const gx = x.requiresGrad ? matmulRaw(gz, w, false, false) : null;
    const gw = w.requiresGrad ? matmulRaw(gz, x, true, false) : null;
    const gb = b?.requiresGrad ? sumTo(gz, [1, outF]).view([outF]) : null;
    return [gx, gw, gb];
  });
}
