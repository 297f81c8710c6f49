/**
 * A Parzen estimator, the density model of TPE: a weighted mixture with one
 * kernel per observed vector plus one broad prior kernel. Numbers are
 * modelled on their dimension's 0…1 scale (log scale for log dimensions) by
 * normals truncated to the range; categories by a kernel that puts most of
 * its mass on the observed choice. A vector whose dimension does not apply
 * (NaN) contributes the prior's kernel there.
 */
import type { Rng } from '../core/random.js';
import { type Dimension, unitOf, valueAt } from '../study/dimensions.js';
import { standardNormal } from './unseen.js';

/** How wide the kernels of numbers are: from the gaps between neighbouring observations (one dimension), or by Scott's rule (joint). */
export type Bandwidth = 'neighbours' | 'scott';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export class Parzen {
  private mus: number[][];
  /** Observations + the prior: sets how much of a category kernel's mass is shared out (merging equal kernels leaves it). */
  private readonly kernels: number;
  private readonly sigmas: number[][];
  private readonly logWeights: number[];
  /** Per kernel and number dimension: the log of its normaliser (√2π σ times the mass left inside the range). */
  private readonly logNorms: number[][];

  /** `points` in the space's coordinates (category index or value); `weights` one per point; the prior weighs `priorWeight`. */
  constructor(private readonly dims: readonly Dimension[], points: readonly (readonly number[])[], weights: readonly number[], priorWeight: number, bandwidth: Bandwidth) {
    const n = points.length;
    this.kernels = n + 1;
    this.mus = points.map((p) => dims.map((d, i) => (Number.isNaN(p[i]) ? Number.NaN : d.kind === 'categorical' ? p[i] : unitOf(d, p[i]))));
    let w = [...weights];
    if (dims.length === 1 && dims[0].kind === 'categorical') {
      // Kernels of equal categories are equal: one kernel with their summed weight is the same mixture, and a density of one
      // categorical dimension then costs its number of choices, not its number of observations (joint vectors rarely repeat).
      const merged = new Map<number, number>();
      const mus: number[][] = [], ws: number[] = [];
      this.mus.forEach((mu, k) => {
        const at = merged.get(mu[0]);
        if (at === undefined) { merged.set(mu[0], mus.length); mus.push(mu); ws.push(w[k]); } else ws[at] += w[k];
      });
      this.mus = mus;
      w = ws;
    }
    this.mus.push(dims.map(() => Number.NaN)); // the prior
    const total = w.reduce((a, b) => a + b, 0) + priorWeight;
    this.logWeights = [...w, priorWeight].map((x) => Math.log(x / total));
    const scott = 0.2 * (n + 1) ** (-1 / (dims.length + 4));
    this.sigmas = this.mus.map(() => dims.map(() => 1));
    dims.forEach((d, i) => {
      if (d.kind === 'categorical') return;
      if (bandwidth === 'scott') { for (let k = 0; k < n; k++) this.sigmas[k][i] = scott; return; }
      // Each kernel as wide as the larger gap to its neighbours (the prior's centre counts as one), clipped so none is a spike or wider than the range.
      const order = [...Array(n).keys()].filter((k) => !Number.isNaN(this.mus[k][i])).sort((a, b) => this.mus[a][i] - this.mus[b][i]);
      const at = order.map((k) => this.mus[k][i]);
      const sorted = [...at, 0.5].sort((a, b) => a - b);
      const low = 1 / Math.min(100, 1 + order.length);
      order.forEach((k, j) => {
        const x = at[j], pos = sorted.indexOf(x);
        const left = pos > 0 ? x - sorted[pos - 1] : 0, right = pos < sorted.length - 1 ? sorted[pos + 1] - x : 0;
        this.sigmas[k][i] = Math.min(1, Math.max(low, left, right));
      });
    });
    this.logNorms = this.mus.map((mus, k) => dims.map((d, i) => {
      if (d.kind === 'categorical') return 0;
      const mu = Number.isNaN(mus[i]) ? 0.5 : mus[i], sigma = this.sigmas[k][i];
      return LOG_SQRT_2PI + Math.log(sigma) + Math.log(Math.max(normalCdf((1 - mu) / sigma) - normalCdf(-mu / sigma), 1e-300));
    }));
  }

  /** `count` vectors drawn from the mixture, in the space's coordinates. */
  sample(rng: Rng, count: number): number[][] {
    const weights = this.logWeights.map(Math.exp);
    return Array.from({ length: count }, () => {
      let u = rng.next(), k = 0;
      while (k < weights.length - 1 && u >= weights[k]) u -= weights[k++];
      return this.dims.map((d, i) => {
        const mu = this.mus[k][i];
        if (d.kind === 'categorical') return this.sampleCategory(d.choices, mu, rng);
        return valueAt(d, truncatedNormal(Number.isNaN(mu) ? 0.5 : mu, this.sigmas[k][i], rng));
      });
    });
  }

  /** The log density of a vector (in the space's coordinates). */
  logDensity(v: readonly number[]): number {
    const dims = this.dims, D = dims.length;
    const u = dims.map((d, i) => (d.kind === 'categorical' ? v[i] : unitOf(d, v[i])));
    // A category's kernel takes one of three values (observed choice, another choice, the prior): their logs once, not per term.
    const logMass = dims.map((d) => {
      if (d.kind !== 'categorical') return null;
      const spread = 1 / (this.kernels + d.choices);
      return { hit: Math.log(1 - (d.choices - 1) * spread), miss: Math.log(spread), prior: -Math.log(d.choices) };
    });
    const terms = new Array<number>(this.logWeights.length);
    for (let k = 0; k < terms.length; k++) {
      let s = this.logWeights[k];
      const mus = this.mus[k], sigmas = this.sigmas[k], norms = this.logNorms[k];
      for (let i = 0; i < D; i++) {
        const mu = mus[i], lm = logMass[i];
        if (lm) s += Number.isNaN(mu) ? lm.prior : u[i] === mu ? lm.hit : lm.miss;
        else { const z = (u[i] - (Number.isNaN(mu) ? 0.5 : mu)) / sigmas[i]; s += -0.5 * z * z - norms[i]; }
      }
      terms[k] = s;
    }
    return logSumExp(terms);
  }

  /** Mass of choice c under the kernel of an observation of choice mu: most on mu, the rest shared out (all shared out for the prior). */
  private categoryMass(choices: number, mu: number, c: number): number {
    if (Number.isNaN(mu)) return 1 / choices;
    const spread = 1 / (this.kernels + choices);
    return (c === mu ? 1 : 0) * (1 - choices * spread) + spread;
  }

  private sampleCategory(choices: number, mu: number, rng: Rng): number {
    let u = rng.next();
    for (let c = 0; c < choices - 1; c++) { const m = this.categoryMass(choices, mu, c); if (u < m) return c; u -= m; }
    return choices - 1;
  }
}

function truncatedNormal(mu: number, sigma: number, rng: Rng): number {
  for (let t = 0; t < 20; t++) {
    const x = mu + sigma * standardNormal(rng);
    if (x >= 0 && x <= 1) return x;
  }
  return Math.min(1, Math.max(0, mu));
}

function normalCdf(z: number): number { return 0.5 * (1 + erf(z / Math.SQRT2)); }

/** Abramowitz–Stegun 7.1.26 (error below 1.5e-7): ample for comparing densities. */
function erf(x: number): number {
  const s = Math.sign(x), a = Math.abs(x), t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

export function logSumExp(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}
