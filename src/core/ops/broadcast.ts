/** Broadcasting rules (NumPy's) and stride bookkeeping for the binary kernel. */
import { type Shape, formatShape } from '../tensor.js';

export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: cannot broadcast shapes ${formatShape(a)} and ${formatShape(b)} (axis ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Element strides of `shape` as seen from `outShape` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const n = outShape.length, off = n - shape.length;
  const strides = new Array<number>(n).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i + off] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/** Merges adjacent axes that both operands traverse contiguously, so kernels loop over fewer, longer rows. */
export function collapse(shape: number[], sa: number[], sb: number[]): [Int32Array, Int32Array, Int32Array] {
  const rs: number[] = [], ra: number[] = [], rb: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const last = rs.length - 1;
    if (last >= 0 && ra[last] === sa[i] * shape[i] && rb[last] === sb[i] * shape[i]) {
      rs[last] *= shape[i];
      ra[last] = sa[i];
      rb[last] = sb[i];
    } else {
      rs.push(shape[i]); ra.push(sa[i]); rb.push(sb[i]);
    }
  }
  if (rs.length === 0) { rs.push(1); ra.push(0); rb.push(0); }
  return [Int32Array.from(rs), Int32Array.from(ra), Int32Array.from(rb)];
}
