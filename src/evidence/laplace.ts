/**
 * Model evidence by the Laplace approximation (MacKay): log p(D | model) ≈
 * log p(D | θ*) + log p(θ*) + (D/2) log 2π − ½ log det H, with H the Hessian of
 * the negative log joint at the trained weights. Here over the last layer's
 * weights (the rest of the network is a fixed feature map), with the
 * generalised Gauss-Newton Hessian, an isotropic Gaussian prior whose
 * precision α maximises the evidence, and for regression the noise variance
 * at its maximum-likelihood value. Evidence scores a model from its training
 * data alone: no validation split.
 */
import { noGrad } from '../core/autograd.js';
import { Tensor, tidy } from '../core/tensor.js';
import type { Prepared } from '../data/prepare.js';
import { Dense } from '../nn/dense.js';
import { Sequential } from '../nn/sequential.js';

export interface EvidenceOptions {
  /** Rows of the training split used for the Hessian (scaled up to all rows); default 2000. */
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
  /** Parameters the Laplace approximation covers (the last layer's). */
  params: number;
}

/** Cholesky of a symmetric positive definite n×n matrix; returns log det, or NaN when not positive definite. */
export function choleskyLogDet(a: Float64Array, n: number): number {
  const l = new Float64Array(n * n);
  let logDet = 0;
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] ** 2;
    if (!(d > 0)) return Number.NaN;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    logDet += 2 * Math.log(ljj);
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return logDet;
}

export function lastLayerEvidence(model: Sequential, data: Prepared, o: EvidenceOptions = {}): EvidenceResult {
  const last = model.layers[model.layers.length - 1];
  if (!(last instanceof Dense) || last.activation !== 'identity') throw new Error('evidence: the network must end in a Dense layer without activation (the last layer the Laplace approximation covers)');
  const body = new Sequential(model.layers.slice(0, -1));
  const train = data.train, n = train.n, inShape = data.dataset.inputShape;
  const h = last.inFeatures, c = last.outFeatures, d = (h + 1) * c;
  model.eval();
  // Features of every training row, with a constant 1 for the bias.
  const phi = noGrad(() => tidy(() => Float64Array.from(body.layers.length ? body.forward(Tensor.from(train.x, [n, ...inShape])).data : train.x)));
  const feature = (r: number, j: number) => (j === h ? 1 : phi[r * h + j]);
  const theta = new Float64Array(d);
  for (let k = 0; k < c; k++) {
    for (let j = 0; j < h; j++) theta[j * c + k] = last.weight.data[k * h + j];
    theta[h * c + k] = last.bias ? last.bias.data[k] : 0;
  }
  const outputs = (r: number) => Array.from({ length: c }, (_, k) => { let s = 0; for (let j = 0; j <= h; j++) s += feature(r, j) * theta[j * c + k]; return s; });
  const classification = data.dataset.task === 'classification';
  let logLik = 0, sigma2: number | undefined;
  const probs: number[][] = [];
  if (classification) {
    for (let r = 0; r < n; r++) {
      const f = outputs(r), m = Math.max(...f), z = f.reduce((s, v) => s + Math.exp(v - m), 0);
      const p = f.map((v) => Math.exp(v - m) / z);
      probs.push(p);
      logLik += Math.log(Math.max(p[train.labels![r]], 1e-300));
    }
  } else {
    const { mean, std } = data.targetScale ?? { mean: 0, std: 1 };
    let ss = 0;
    for (let r = 0; r < n; r++) ss += (outputs(r)[0] - (train.targets![r] - mean) / std) ** 2;
    sigma2 = o.noiseVariance ?? ss / n;
    logLik = -0.5 * n * Math.log(2 * Math.PI * sigma2) - ss / (2 * sigma2);
  }
  // Gauss-Newton Hessian of the negative log likelihood over (feature j, output k) at index j*c + k, from a subset scaled to all rows.
  const rows = Math.min(n, o.hessianRows ?? 2000), scale = n / rows;
  const hess = new Float64Array(d * d);
  for (let r = 0; r < rows; r++) {
    const lambda = classification ? probs[r].map((pi, a) => probs[r].map((pj, b) => (a === b ? pi : 0) - pi * pj)) : [[1 / sigma2!]];
    for (let j = 0; j <= h; j++) {
      const fj = feature(r, j);
      if (fj === 0) continue;
      for (let k = j; k <= h; k++) {
        const fjk = fj * feature(r, k) * scale;
        if (fjk === 0) continue;
        for (let a = 0; a < c; a++) for (let b = 0; b < c; b++) hess[(j * c + a) * d + k * c + b] += fjk * lambda[a][b];
      }
    }
  }
  for (let i = 0; i < d; i++) for (let k = 0; k < i; k++) hess[i * d + k] = hess[k * d + i];
  const norm2 = theta.reduce((s, v) => s + v * v, 0);
  const logZ = (alpha: number) => {
    const m = Float64Array.from(hess);
    for (let i = 0; i < d; i++) m[i * d + i] += alpha;
    return logLik - 0.5 * alpha * norm2 + 0.5 * d * Math.log(alpha) - 0.5 * choleskyLogDet(m, d);
  };
  let alpha = o.priorPrecision ?? 0;
  if (o.priorPrecision === undefined) {
    // A coarse log grid, then golden-section search around its best point.
    const grid = Array.from({ length: 17 }, (_, i) => 10 ** (-4 + i / 2));
    const values = grid.map(logZ);
    const at = values.reduce((b, v, i) => (v > values[b] ? i : b), 0);
    let lo = Math.log(grid[Math.max(0, at - 1)]), hi = Math.log(grid[Math.min(grid.length - 1, at + 1)]);
    const g = (Math.sqrt(5) - 1) / 2;
    for (let it = 0; it < 20; it++) {
      const x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
      if (logZ(Math.exp(x1)) > logZ(Math.exp(x2))) hi = x2; else lo = x1;
    }
    alpha = Math.exp((lo + hi) / 2);
  }
  return { logEvidence: logZ(alpha), logLikelihood: logLik, priorPrecision: alpha, ...(sigma2 !== undefined ? { noiseVariance: sigma2 } : {}), params: d };
}
