/** Seeded, counter-based random numbers: the same seed gives the same numbers on every backend. */
import { kernel } from './backend.js';
import { uniformAt } from './random-bits.js';
import { Tensor, type Shape } from './tensor.js';

export class Rng {
  private counter = 0;
  readonly seed: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`Rng: seed must be an integer, got ${seed}`);
    this.seed = seed >>> 0;
  }

  private take(n: number): number {
    const c = this.counter;
    this.counter = (this.counter + n) >>> 0;
    return c;
  }

  uniform(shape: Shape, lo = 0, hi = 1): Tensor {
    const t = Tensor.empty(shape);
    kernel().randomUniform(t.data, this.seed, this.take(t.size), lo, hi);
    return t;
  }

  normal(shape: Shape, mean = 0, std = 1): Tensor {
    const t = Tensor.empty(shape);
    kernel().randomNormal(t.data, this.seed, this.take(2 * t.size), mean, std);
    return t;
  }

  /** The position in the stream (saved in checkpoints so a resumed run draws the same numbers). */
  get position(): number { return this.counter; }
  set position(c: number) { this.counter = c >>> 0; }

  /** One float in [0, 1). */
  next(): number { return uniformAt(this.seed, this.take(1)); }

  /** An integer in [0, n). */
  int(n: number): number { return Math.floor(this.next() * n); }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]; p[i] = p[j]; p[j] = t;
    }
    return p;
  }

  /** A child generator whose stream does not overlap this one's. */
  fork(): Rng { return new Rng((Math.imul(this.seed ^ this.take(1), 0x9e3779b1) + 0x7f4a7c15) | 0); }
}
