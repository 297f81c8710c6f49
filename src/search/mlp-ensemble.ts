/**
 * A performance predictor: an ensemble of small ReLU networks, each trained
 * from its own random start on (architecture features, fitness); the spread
 * of their predictions is the uncertainty BANANAS's acquisition uses. Written
 * on plain typed arrays rather than the tensor core: the inputs are a few
 * hundred short, mostly-zero rows (path encodings), where the sparse first
 * layer below is many times faster than a dense step through autograd.
 */
import type { Rng } from '../core/random.js';

export interface EnsembleOptions {
  members: number;
  hidden: number;
  /** Full-batch Adam steps per member. */
  epochs: number;
  lr: number;
  /** Mean absolute error (robust to a few very bad architectures) or mean squared error. */
  loss: 'mae' | 'mse';
}

export const ENSEMBLE_DEFAULTS: EnsembleOptions = { members: 5, hidden: 64, epochs: 100, lr: 0.01, loss: 'mae' };

export interface Prediction { mean: number; std: number }

/** Rows as (index, value) lists of their non-zero features. */
type SparseRow = { idx: Int32Array; val: Float64Array };

const sparse = (x: readonly number[]): SparseRow => {
  const idx: number[] = [], val: number[] = [];
  x.forEach((v, i) => { if (v !== 0) { idx.push(i); val.push(v); } });
  return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
};

/** One member: inputs → hidden (ReLU) → hidden (ReLU) → 1. */
class Member {
  private readonly params: Float64Array[];
  private readonly shapes: [number, number][];

  constructor(private readonly inputs: number, private readonly hidden: number, rng: Rng) {
    this.shapes = [[inputs, hidden], [1, hidden], [hidden, hidden], [1, hidden], [hidden, 1], [1, 1]];
    this.params = this.shapes.map(([r, c], k) => {
      const a = new Float64Array(r * c);
      // He initialisation for weights (fan-in r), zero biases.
      if (k % 2 === 0) for (let i = 0; i < a.length; i++) a[i] = (rng.next() * 2 - 1) * Math.sqrt(6 / r);
      return a;
    });
  }

  /** Hidden activations and the output for one row; `h1`/`h2` are filled. */
  private forward(x: SparseRow, h1: Float64Array, h2: Float64Array): number {
    const [w1, b1, w2, b2, w3, b3] = this.params, H = this.hidden;
    h1.set(b1);
    for (let n = 0; n < x.idx.length; n++) { const off = x.idx[n] * H, v = x.val[n]; for (let j = 0; j < H; j++) h1[j] += v * w1[off + j]; }
    for (let j = 0; j < H; j++) if (h1[j] < 0) h1[j] = 0;
    h2.set(b2);
    for (let i = 0; i < H; i++) { const a = h1[i]; if (a === 0) continue; const off = i * H; for (let j = 0; j < H; j++) h2[j] += a * w2[off + j]; }
    let out = b3[0];
    for (let j = 0; j < H; j++) { if (h2[j] < 0) h2[j] = 0; out += h2[j] * w3[j]; }
    return out;
  }

  predict(x: SparseRow): number {
    return this.forward(x, new Float64Array(this.hidden), new Float64Array(this.hidden));
  }

  /** Full-batch Adam on the chosen loss. */
  fit(rows: SparseRow[], y: Float64Array, o: EnsembleOptions): void {
    const H = this.hidden, n = rows.length;
    const grads = this.params.map((p) => new Float64Array(p.length));
    const m = this.params.map((p) => new Float64Array(p.length)), v = this.params.map((p) => new Float64Array(p.length));
    const h1 = new Float64Array(H), h2 = new Float64Array(H), d1 = new Float64Array(H), d2 = new Float64Array(H);
    const [, , w2, , w3] = this.params;
    const [g1, gb1, g2, gb2, g3, gb3] = grads;
    for (let step = 1; step <= o.epochs; step++) {
      for (const g of grads) g.fill(0);
      for (let r = 0; r < n; r++) {
        const x = rows[r];
        const diff = this.forward(x, h1, h2) - y[r];
        const err = o.loss === 'mse' ? (2 / n) * diff : Math.sign(diff) / n;
        gb3[0] += err;
        for (let j = 0; j < H; j++) { g3[j] += err * h2[j]; d2[j] = h2[j] > 0 ? err * w3[j] : 0; }
        for (let j = 0; j < H; j++) gb2[j] += d2[j];
        for (let i = 0; i < H; i++) {
          const a = h1[i], off = i * H;
          let s = 0;
          for (let j = 0; j < H; j++) { s += w2[off + j] * d2[j]; if (a !== 0) g2[off + j] += a * d2[j]; }
          d1[i] = a > 0 ? s : 0;
        }
        for (let j = 0; j < H; j++) gb1[j] += d1[j];
        for (let k = 0; k < x.idx.length; k++) { const off = x.idx[k] * H, val = x.val[k]; for (let j = 0; j < H; j++) g1[off + j] += val * d1[j]; }
      }
      const c1 = 1 - 0.9 ** step, c2 = 1 - 0.999 ** step;
      this.params.forEach((p, k) => {
        const g = grads[k], mk = m[k], vk = v[k];
        for (let i = 0; i < p.length; i++) {
          mk[i] = 0.9 * mk[i] + 0.1 * g[i];
          vk[i] = 0.999 * vk[i] + 0.001 * g[i] * g[i];
          p[i] -= (o.lr * (mk[i] / c1)) / (Math.sqrt(vk[i] / c2) + 1e-8);
        }
      });
    }
  }
}

export class EnsemblePredictor {
  private members: Member[] = [];
  private mean = 0;
  private scale = 1;

  constructor(private readonly inputs: number, private readonly o: EnsembleOptions = ENSEMBLE_DEFAULTS) {}

  /** Trains every member afresh on these rows (targets standardised, so the learning rate suits any scale). */
  fit(x: readonly (readonly number[])[], y: readonly number[], rng: Rng): void {
    if (x.length === 0) throw new Error('predictor: nothing to fit (no finished trials)');
    if (x.some((r) => r.length !== this.inputs)) throw new Error(`predictor: rows need ${this.inputs} features`);
    this.mean = y.reduce((a, b) => a + b, 0) / y.length;
    this.scale = Math.sqrt(y.reduce((a, b) => a + (b - this.mean) ** 2, 0) / y.length) || 1;
    const rows = x.map(sparse), target = Float64Array.from(y, (v) => (v - this.mean) / this.scale);
    this.members = Array.from({ length: this.o.members }, () => {
      const member = new Member(this.inputs, this.o.hidden, rng);
      member.fit(rows, target, this.o);
      return member;
    });
  }

  predict(x: readonly number[]): Prediction {
    if (this.members.length === 0) throw new Error('predictor: fit it before predicting');
    const row = sparse(x);
    const p = this.members.map((m) => this.mean + this.scale * m.predict(row));
    const mean = p.reduce((a, b) => a + b, 0) / p.length;
    return { mean, std: Math.sqrt(p.reduce((a, b) => a + (b - mean) ** 2, 0) / p.length) };
  }
}
