/**
 * Deterministic EM fits of two-component mixtures: exponential + normal, and
 * two gammas. No random restarts: initial values come from quantiles of the data.
 */
import { normalPdf } from './normal.js';

export interface ExpNormalFit {
  kind: 'exponential+normal';
  weights: [number, number];
  rate: number;
  mean: number;
  std: number;
  logLikelihood: number;
  iterations: number;
}

export interface GammaFit {
  kind: 'gamma+gamma';
  weights: [number, number];
  /** Shape k and scale θ of each component, the first with the smaller mean. */
  shapes: [number, number];
  scales: [number, number];
  logLikelihood: number;
  iterations: number;
  /** Values <= 0 cannot come from a gamma density; they are left out of the fit and counted here. */
  excluded: number;
}

export interface EmOptions { maxIterations?: number; tolerance?: number }

function checkData(name: string, values: ArrayLike<number>, min: number): Float64Array {
  const x = Float64Array.from(values);
  if (x.length < min) throw new Error(`${name}: needs at least ${min} values, got ${x.length}`);
  x.forEach((v, i) => { if (!Number.isFinite(v)) throw new Error(`${name}: value ${i} is ${v}; remove NaN/Inf first`); });
  return x;
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1), lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const logSumExp = (a: number, b: number) => { const m = Math.max(a, b); return m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m)); };

/** Mixture of Exp(rate) on x >= 0 and N(mean, std²). */
export function fitExpNormal(values: ArrayLike<number>, opts: EmOptions = {}): ExpNormalFit {
  const x = checkData('fitExpNormal', values, 2);
  if (x.some((v) => v < 0)) throw new Error('fitExpNormal: values must be >= 0 (the exponential component lives on [0, ∞))');
  const sorted = Float64Array.from(x).sort();
  const n = x.length, spread = sorted[n - 1] - sorted[0];
  const floor = Math.max(1e-12, spread * 1e-6);
  // Start: exponential fitted to the lower half, normal to the upper half.
  const med = quantile(sorted, 0.5);
  const low = sorted.filter((v) => v <= med), high = sorted.filter((v) => v > med);
  let w0 = 0.5;
  let rate = 1 / Math.max(floor, low.reduce((s, v) => s + v, 0) / Math.max(1, low.length));
  let mu = high.length ? high.reduce((s, v) => s + v, 0) / high.length : med;
  let sd = Math.max(floor, Math.sqrt(high.reduce((s, v) => s + (v - mu) ** 2, 0) / Math.max(1, high.length)) || spread / 4);
  const r = new Float64Array(n);
  let ll = -Infinity, it = 0;
  const maxIt = opts.maxIterations ?? 2000, tol = opts.tolerance ?? 1e-10;
  for (; it < maxIt; it++) {
    let newLl = 0;
    for (let i = 0; i < n; i++) {
      const le = Math.log(w0) + Math.log(rate) - rate * x[i];
      const z = (x[i] - mu) / sd;
      const ln = Math.log(1 - w0) - 0.5 * z * z - Math.log(sd * Math.sqrt(2 * Math.PI));
      const tot = logSumExp(le, ln);
      r[i] = Math.exp(le - tot);
      newLl += tot;
    }
    let s0 = 0, sx0 = 0, s1 = 0, sx1 = 0;
    for (let i = 0; i < n; i++) { s0 += r[i]; sx0 += r[i] * x[i]; s1 += 1 - r[i]; sx1 += (1 - r[i]) * x[i]; }
    w0 = Math.min(1 - 1e-12, Math.max(1e-12, s0 / n));
    rate = s0 > 0 ? s0 / Math.max(sx0, floor * s0) : rate;
    mu = s1 > 0 ? sx1 / s1 : mu;
    let sv = 0;
    for (let i = 0; i < n; i++) sv += (1 - r[i]) * (x[i] - mu) ** 2;
    sd = Math.max(floor, Math.sqrt(s1 > 0 ? sv / s1 : sd * sd));
    if (Math.abs(newLl - ll) <= tol * Math.max(1, Math.abs(newLl))) { ll = newLl; it++; break; }
    ll = newLl;
  }
  return { kind: 'exponential+normal', weights: [w0, 1 - w0], rate, mean: mu, std: sd, logLikelihood: loglikExpNormal(x, w0, rate, mu, sd), iterations: it };
}

function loglikExpNormal(x: Float64Array, w0: number, rate: number, mu: number, sd: number): number {
  let ll = 0;
  for (const v of x) ll += Math.log(w0 * rate * Math.exp(-rate * v) + (1 - w0) * normalPdf(v, mu, sd));
  return ll;
}

/** ψ(x), the digamma function (recurrence to x >= 6, then the asymptotic series). */
export function digamma(x: number): number {
  let r = 0;
  while (x < 6) { r -= 1 / x; x += 1; }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** ψ'(x), the trigamma function. */
function trigamma(x: number): number {
  let r = 0;
  while (x < 6) { r += 1 / (x * x); x += 1; }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

/** lgamma via Lanczos (g = 7, n = 9). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Weighted gamma MLE for the shape: solves log k − ψ(k) = s by Newton's method from Minka's starting point. */
function gammaShape(s: number): number {
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 100; i++) {
    const f = Math.log(k) - digamma(k) - s, df = 1 / k - trigamma(k);
    const next = k - f / df;
    const k2 = next > 0 ? next : k / 2;
    if (Math.abs(k2 - k) < 1e-14 * k) { k = k2; break; }
    k = k2;
  }
  return k;
}

const logGammaPdf = (v: number, k: number, theta: number) => (k - 1) * Math.log(v) - v / theta - logGamma(k) - k * Math.log(theta);

/** Mixture of two gamma distributions on x > 0. */
export function fitTwoGammas(values: ArrayLike<number>, opts: EmOptions = {}): GammaFit {
  const all = checkData('fitTwoGammas', values, 2);
  const x = all.filter((v) => v > 0);
  const excluded = all.length - x.length;
  if (x.length < 4) throw new Error(`fitTwoGammas: needs at least 4 positive values, got ${x.length} (${excluded} were <= 0)`);
  const sorted = Float64Array.from(x).sort();
  if (sorted[0] === sorted[sorted.length - 1]) throw new Error('fitTwoGammas: all positive values are equal; a mixture is not identifiable');
  const n = x.length, med = quantile(sorted, 0.5);
  const r = Float64Array.from(x, (v) => (v <= med ? 1 : 0));
  const k: [number, number] = [1, 1], th: [number, number] = [1, 1];
  let w0 = 0.5, ll = -Infinity, it = 0;
  const maxIt = opts.maxIterations ?? 2000, tol = opts.tolerance ?? 1e-10;
  const mStep = () => {
    for (const c of [0, 1] as const) {
      let sw = 0, sx = 0, slog = 0;
      for (let i = 0; i < n; i++) { const q = c === 0 ? r[i] : 1 - r[i]; sw += q; sx += q * x[i]; slog += q * Math.log(x[i]); }
      if (sw < 1e-9) continue;
      const mean = sx / sw;
      const s = Math.max(1e-12, Math.log(mean) - slog / sw);
      k[c] = gammaShape(s);
      th[c] = mean / k[c];
    }
    let s0 = 0;
    for (let i = 0; i < n; i++) s0 += r[i];
    w0 = Math.min(1 - 1e-12, Math.max(1e-12, s0 / n));
  };
  mStep();
  for (; it < maxIt; it++) {
    let newLl = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.log(w0) + logGammaPdf(x[i], k[0], th[0]);
      const b = Math.log(1 - w0) + logGammaPdf(x[i], k[1], th[1]);
      const tot = logSumExp(a, b);
      r[i] = Math.exp(a - tot);
      newLl += tot;
    }
    mStep();
    if (Math.abs(newLl - ll) <= tol * Math.max(1, Math.abs(newLl))) { ll = newLl; it++; break; }
    ll = newLl;
  }
  let final = 0;
  for (const v of x) final += logSumExp(Math.log(w0) + logGammaPdf(v, k[0], th[0]), Math.log(1 - w0) + logGammaPdf(v, k[1], th[1]));
  const swap = k[0] * th[0] > k[1] * th[1];
  const pick = <T>(p: [T, T]): [T, T] => (swap ? [p[1], p[0]] : p);
  return { kind: 'gamma+gamma', weights: pick([w0, 1 - w0]), shapes: pick(k), scales: pick(th), logLikelihood: final, iterations: it, excluded };
}

export function gammaPdf(v: number, k: number, theta: number): number { return v > 0 ? Math.exp(logGammaPdf(v, k, theta)) : 0; }
