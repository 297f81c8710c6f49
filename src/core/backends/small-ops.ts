/**
 * Elementwise loops for tiny tensors, run in JavaScript because crossing into
 * C++ costs more than the work. Unrolled by four: V8 does not vectorise, and
 * the unrolled form is about 1.5x faster than the plain loop here.
 */
import type { F32 } from '../kernel.js';

type Loop = (a: F32, b: F32, o: F32, n: number) => void;

function unrolled(f: (x: number, y: number) => number): Loop {
  return (a, b, o, n) => {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      o[i] = f(a[i], b[i]); o[i + 1] = f(a[i + 1], b[i + 1]);
      o[i + 2] = f(a[i + 2], b[i + 2]); o[i + 3] = f(a[i + 3], b[i + 3]);
    }
    for (; i < n; i++) o[i] = f(a[i], b[i]);
  };
}

/** Contiguous same-shape loops for add, sub, mul, div (binary codes 0-3). */
export const FLAT_BINARY: readonly Loop[] = [
  (a, b, o, n) => {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      o[i] = a[i] + b[i]; o[i + 1] = a[i + 1] + b[i + 1]; o[i + 2] = a[i + 2] + b[i + 2]; o[i + 3] = a[i + 3] + b[i + 3];
    }
    for (; i < n; i++) o[i] = a[i] + b[i];
  },
  unrolled((x, y) => x - y),
  unrolled((x, y) => x * y),
  unrolled((x, y) => x / y),
];
