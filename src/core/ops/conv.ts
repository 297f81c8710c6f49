/** 2-D convolution and pooling on NCHW tensors. */
import { record } from '../autograd.js';
import { kernel } from '../backend.js';
import { Tensor, formatShape } from '../tensor.js';

export interface Conv2dOptions { stride?: number; padding?: number }
export interface Pool2dOptions { kernelSize: number; stride?: number; padding?: number }

/** Output length of a window of size k, stride s, padding p over `input` positions; throws when it does not fit. */
export function outSize(op: string, input: number, k: number, s: number, p: number): number {
  const o = Math.floor((input + 2 * p - k) / s) + 1;
  if (o < 1) throw new Error(`${op}: kernel ${k} with padding ${p} does not fit input size ${input}`);
  return o;
}

/** x [N, C, H, W], w [OC, C, KH, KW], b [OC]. */
export function conv2d(x: Tensor, w: Tensor, b: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  const stride = opts.stride ?? 1, pad = opts.padding ?? 0;
  if (x.rank !== 4 || w.rank !== 4 || x.shape[1] !== w.shape[1]) {
    throw new Error(`conv2d: input ${formatShape(x.shape)} does not match weight ${formatShape(w.shape)} (expected input [N, ${w.shape[1] ?? 'C'}, H, W] for weight [OC, C, KH, KW])`);
  }
  if (b !== null && (b.rank !== 1 || b.shape[0] !== w.shape[0])) {
    throw new Error(`conv2d: bias ${formatShape(b.shape)} does not match weight ${formatShape(w.shape)} (expected [${w.shape[0]}])`);
  }
  x.assertLive('conv2d');
  const [N, C, H, W] = x.shape, [OC, , KH, KW] = w.shape;
  const OH = outSize('conv2d', H, KH, stride, pad), OW = outSize('conv2d', W, KW, stride, pad);
  const geom = Int32Array.of(N, C, H, W, OC, KH, KW, stride, stride, pad, pad, OH, OW);
  const y = Tensor.empty([N, OC, OH, OW]);
  kernel().conv2dForward(x.data, w.data, b?.data ?? null, y.data, geom);
  return record(y, 'conv2d', b ? [x, w, b] : [x, w], (g) => {
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (x.requiresGrad) {
      gx = Tensor.empty(x.shape);
      kernel().conv2dBackwardInput(g.data, w.data, gx.data, geom);
    }
    if (w.requiresGrad || b?.requiresGrad) {
      gw = Tensor.empty(w.shape);
      gb = b ? Tensor.empty(b.shape) : null;
      kernel().conv2dBackwardFilter(x.data, g.data, gw.data, gb?.data ?? null, geom);
    }
    return [gx, gw, gb];
  });
}

function poolGeom(op: string, x: Tensor, o: Pool2dOptions): Int32Array {
  if (x.rank !== 4) throw new Error(`${op}: expected input [N, C, H, W], got ${formatShape(x.shape)}`);
  const k = o.kernelSize, s = o.stride ?? k, p = o.padding ?? 0;
  if (p * 2 > k) throw new Error(`${op}: padding ${p} must be at most half the kernel size ${k}`);
  const [N, C, H, W] = x.shape;
  return Int32Array.of(N, C, H, W, k, k, s, s, p, p, outSize(op, H, k, s, p), outSize(op, W, k, s, p));
}

export function maxPool2d(x: Tensor, opts: Pool2dOptions): Tensor {
  x.assertLive('maxPool2d');
  const g = poolGeom('maxPool2d', x, opts);
  const y = Tensor.empty([g[0], g[1], g[10], g[11]]);
  // The argmax indices live in a pooled float buffer (same width) so they cost no fresh pages per step.
  const argmaxStore = Tensor.empty([y.size]);
  const argmax = new Int32Array(argmaxStore.data.buffer, argmaxStore.data.byteOffset, y.size);
  kernel().maxPool2dForward(x.data, y.data, argmax, g);
  return record(y, 'maxPool2d', [x], (gy) => {
    const gx = Tensor.empty(x.shape);
    kernel().maxPool2dBackward(gy.data, argmax, gx.data, g);
    return [gx];
  });
}

/** Average pooling; padded cells count in the divisor (PyTorch's count_include_pad=True). */
export function avgPool2d(x: Tensor, opts: Pool2dOptions): Tensor {
  x.assertLive('avgPool2d');
  const g = poolGeom('avgPool2d', x, opts);
  const y = Tensor.empty([g[0], g[1], g[10], g[11]]);
  kernel().avgPool2dForward(x.data, y.data, g);
  return record(y, 'avgPool2d', [x], (gy) => {
    const gx = Tensor.empty(x.shape);
    kernel().avgPool2dBackward(gy.data, gx.data, g);
    return [gx];
  });
}
