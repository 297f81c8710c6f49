/**
 * Model evidence by the Laplace approximation (MacKay): log p(D | model) ≈
 * log p(D | θ*) + log p(θ*) + (P/2) log 2π − ½ log det H, with H the Hessian of
 * the negative log joint at the trained weights θ* and an isotropic Gaussian
 * prior of precision α, chosen to maximise the evidence. Evidence scores a
 * model from its training data alone: no validation split. Two Hessians:
 * 'last-layer' (the exact generalised Gauss-Newton of the last layer, the rest
 * a fixed feature map) and 'diagonal' (the GGN's diagonal over every weight).
 */
import { noGrad } from '../core/autograd.js';
import { Tensor, tidy } from '../core/tensor.js';
import type { Prepared } from '../data/prepare.js';
import type { Module } from '../nn/module.js';

export interface EvidenceOptions {
  /** Rows of the training split the Hessian is computed on (scaled up to all rows); default 2000 (last layer), 512 (diagonal). */
  hessianRows?: number;
  /** Fix the prior precision instead of maximising the evidence over it. */
  priorPrecision?: number;
  /** Regression: fix the noise variance (of standardised targets) instead of its maximum-likelihood value. */
  noiseVariance?: number;
}

export interface EvidenceResult {
  logEvidence: number;
  logLikelihood: number;
  priorPrecision: number;
  noiseVariance?: number;
  /** Parameters the Laplace approximation covers. */
  params: number;
}

/** The model's outputs on every training row, and the log likelihood of the training targets under them. */
export function trainingFit(model: Module, data: Prepared, noiseVariance?: number): { outputs: Float64Array; width: number; logLik: number; sigma2?: number; probs?: number[][] } {
  const t = data.train, n = t.n;
  model.eval();
  const outputs = noGrad(() => tidy(() => Float64Array.from(model.forward(Tensor.from(t.x, [n, ...data.dataset.inputShape])).data)));
  const width = outputs.length / n;
  if (data.dataset.task === 'classification') {
    let logLik = 0;
    const probs: number[][] = [];
    for (let r = 0; r < n; r++) {
      const f = Array.from(outputs.subarray(r * width, (r + 1) * width)), m = Math.max(...f), z = f.reduce((s, v) => s + Math.exp(v - m), 0);
      const p = f.map((v) => Math.exp(v - m) / z);
      probs.push(p);
      logLik += Math.log(Math.max(p[t.labels![r]], 1e-300));
    }
    return { outputs, width, logLik, probs };
  }
  const { mean, std } = data.targetScale ?? { mean: 0, std: 1 };
  let ss = 0;
  for (let r = 0; r < n; r++) ss += (outputs[r] - (t.targets![r] - mean) / std) ** 2;
  const sigma2 = noiseVariance ?? ss / n;
  return { outputs, width, logLik: -0.5 * n * Math.log(2 * Math.PI * sigma2) - ss / (2 * sigma2), sigma2 };
}

/** The prior precision maximising `logZ` (a log grid from 1e-4 to 1e4, then golden-section search), unless one is given. */
export function bestPrecision(logZ: (alpha: number) => number, given?: number): number {
  if (given !== undefined) return given;
  const grid = Array.from({ length: 17 }, (_, i) => 10 ** (-4 + i / 2));
  const values = grid.map(logZ);
  const at = values.reduce((b, v, i) => (v > values[b] ? i : b), 0);
  let lo = Math.log(grid[Math.max(0, at - 1)]), hi = Math.log(grid[Math.min(grid.length - 1, at + 1)]);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 20; it++) {
    const x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    if (logZ(Math.exp(x1)) > logZ(Math.exp(x2))) hi = x2; else lo = x1;
  }
  return Math.exp((lo + hi) / 2);
}
