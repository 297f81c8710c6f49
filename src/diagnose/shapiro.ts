/**
 * Shapiro-Wilk W test for normality with Royston's (1995) approximations for
 * the coefficients and the p-value (algorithm AS R94), valid for 3 <= n <= 5000.
 */
import { normalQuantile, normalSf } from './normal.js';

export interface ShapiroResult { w: number; p: number; n: number }

const poly = (c: number[], x: number): number => c.reduceRight((acc, k) => acc * x + k, 0);

export function shapiroWilk(values: ArrayLike<number>): ShapiroResult {
  const n = values.length;
  if (n < 3) throw new Error(`shapiroWilk: needs at least 3 values, got ${n}`);
  if (n > 5000) throw new Error(`shapiroWilk: Royston's approximation is valid up to n = 5000, got ${n}; pass a sample`);
  const x = Float64Array.from(values);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`shapiroWilk: value ${i} is ${x[i]}; remove NaN/Inf first`);
  }
  x.sort();
  const range = x[n - 1] - x[0];
  if (range === 0) throw new Error('shapiroWilk: all values are equal; W is undefined for a constant sample');

  const a = new Float64Array(n);
  if (n === 3) {
    a[0] = -Math.SQRT1_2; a[2] = Math.SQRT1_2;
  } else {
    const m = Float64Array.from({ length: n }, (_, i) => normalQuantile((i + 1 - 0.375) / (n + 0.25)));
    const ssm = m.reduce((s, v) => s + v * v, 0);
    const u = 1 / Math.sqrt(n);
    const an = m[n - 1] / Math.sqrt(ssm) + poly([0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056], u);
    if (n > 5) {
      const an1 = m[n - 2] / Math.sqrt(ssm) + poly([0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633], u);
      const phi = (ssm - 2 * m[n - 1] ** 2 - 2 * m[n - 2] ** 2) / (1 - 2 * an ** 2 - 2 * an1 ** 2);
      for (let i = 2; i < n - 2; i++) a[i] = m[i] / Math.sqrt(phi);
      a[n - 1] = an; a[0] = -an; a[n - 2] = an1; a[1] = -an1;
    } else {
      const phi = (ssm - 2 * m[n - 1] ** 2) / (1 - 2 * an ** 2);
      for (let i = 1; i < n - 1; i++) a[i] = m[i] / Math.sqrt(phi);
      a[n - 1] = an; a[0] = -an;
    }
  }
  let mean = 0;
  for (const v of x) mean += v / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) { num += a[i] * x[i]; den += (x[i] - mean) ** 2; }
  let w = Math.min(1, (num * num) / den);

  const p = shapiroPValue(w, n);
  if (w > 1 - 1e-15) w = 1;
  return { w, p, n };
}

/** Royston's p-value for a Shapiro-Wilk statistic w from a sample of size n. */
export function shapiroPValue(w: number, n: number): number {
  let p: number;
  if (n === 3) {
    p = Math.max(0, (6 / Math.PI) * (Math.asin(Math.sqrt(w)) - Math.asin(Math.sqrt(0.75))));
  } else if (n <= 11) {
    const gamma = poly([-2.273, 0.459], n);
    const mu = poly([0.544, -0.39978, 0.025054, -6.714e-4], n);
    const sigma = Math.exp(poly([1.3822, -0.77857, 0.062767, -0.0020322], n));
    const y = -Math.log(gamma - Math.log1p(-w));
    p = normalSf((y - mu) / sigma);
  } else {
    const ln = Math.log(n);
    const mu = poly([-1.5861, -0.31082, -0.083751, 0.0038915], ln);
    const sigma = Math.exp(poly([-0.4803, -0.082676, 0.0030302], ln));
    p = normalSf((Math.log1p(-w) - mu) / sigma);
  }
  return Math.min(1, Math.max(0, p));
}
