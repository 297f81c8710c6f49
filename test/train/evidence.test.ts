/** The Laplace evidence is exact for a linear-Gaussian model: it equals the closed-form marginal likelihood. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/random.js';
import type { Prepared } from '../../src/data/prepare.js';
import { Dense } from '../../src/nn/dense.js';
import { Sequential } from '../../src/nn/sequential.js';
import { choleskyLogDet } from '../../src/core/float64-linalg.js';
import { lastLayerEvidence } from '../../src/train/evidence-last-layer.js';
import { diagonalEvidence } from '../../src/train/evidence-diagonal.js';
import { modelEvidence } from '../../src/train/model-evidence.js';

/** Solves A x = b (n×n, Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length, m = a.map((row, i) => [...row, b[i]]);
  for (let k = 0; k < n; k++) {
    const p = m.slice(k).reduce((best, row, i) => (Math.abs(row[k]) > Math.abs(m[best][k]) ? k + i : best), k);
    [m[k], m[p]] = [m[p], m[k]];
    for (let i = k + 1; i < n; i++) { const f = m[i][k] / m[k][k]; for (let j = k; j <= n; j++) m[i][j] -= f * m[k][j]; }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) x[i] = (m[i][n] - m[i].slice(i + 1, n).reduce((s, v, j) => s + v * x[i + 1 + j], 0)) / m[i][i];
  return x;
}

it('linear-Gaussian: Laplace log evidence at the MAP equals log N(y | 0, σ²I + X Xᵀ/α) to 1e-6 relative', () => {
  const n = 30, d = 3, alpha = 0.7, sigma2 = 0.3;
  const rng = new Rng(2);
  const x = Float32Array.from({ length: n * d }, () => rng.next() * 2 - 1);
  const y = Float32Array.from({ length: n }, (_, i) => 0.5 * x[i * d] - 1.2 * x[i * d + 1] + 0.3 + 0.4 * (rng.next() - 0.5));
  // Features with the bias column; the MAP: (XᵀX/σ² + αI) θ = Xᵀy/σ².
  const xa = Array.from({ length: n }, (_, i) => [...Array.from(x.subarray(i * d, i * d + d)), 1]);
  const a = Array.from({ length: d + 1 }, (_, j) => Array.from({ length: d + 1 }, (_, k) => xa.reduce((s, r) => s + r[j] * r[k], 0) / sigma2 + (j === k ? alpha : 0)));
  const theta = solve(a, Array.from({ length: d + 1 }, (_, j) => xa.reduce((s, r, i) => s + r[j] * y[i], 0) / sigma2));
  const layer = new Dense(d, 1);
  theta.slice(0, d).forEach((v, j) => { layer.weight.data[j] = v; });
  layer.bias!.data[0] = theta[d];
  const prep = { dataset: { name: 't', task: 'regression', inputShape: [d], train: { x, targets: y, n } }, train: { x, targets: y, n },
    validation: { x, targets: y, n }, test: { x, targets: y, n }, scaler: null, targetScale: null } as unknown as Prepared;
  const got = lastLayerEvidence(new Sequential([layer]), prep, { priorPrecision: alpha, noiseVariance: sigma2, hessianRows: n }).logEvidence;
  // Closed form: covariance σ²I + Xa Xaᵀ / α (float32 weights: the MAP is rounded, which moves the optimum only to second order).
  const cov = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[i * n + j] = (i === j ? sigma2 : 0) + xa[i].reduce((s, v, k) => s + v * xa[j][k], 0) / alpha;
  const rows = Array.from({ length: n }, (_, i) => Array.from(cov.subarray(i * n, (i + 1) * n)));
  const quad = solve(rows, Array.from(y)).reduce((s, v, i) => s + v * y[i], 0);
  const want = -0.5 * (n * Math.log(2 * Math.PI) + choleskyLogDet(cov, n) + quad);
  assert.ok(Math.abs(got - want) / Math.abs(want) < 1e-6, `Laplace ${got} vs closed form ${want}`);
});

it('the evidence-optimal prior precision is a maximum: nearby precisions give less evidence', () => {
  const n = 40, d = 2, rng = new Rng(3);
  const x = Float32Array.from({ length: n * d }, () => rng.next() * 2 - 1);
  const y = Float32Array.from({ length: n }, (_, i) => x[i * d] + 0.1 * rng.next());
  const layer = new Dense(d, 1);
  layer.weight.data.set([0.9, 0.05]);
  const prep = { dataset: { name: 't', task: 'regression', inputShape: [d], train: { x, targets: y, n } }, train: { x, targets: y, n },
    validation: { x, targets: y, n }, test: { x, targets: y, n }, scaler: null, targetScale: null } as unknown as Prepared;
  const model = new Sequential([layer]);
  const best = lastLayerEvidence(model, prep);
  for (const f of [0.5, 2]) assert.ok(lastLayerEvidence(model, prep, { priorPrecision: best.priorPrecision * f }).logEvidence < best.logEvidence);
});

it('diagonal: exact where the Gauss-Newton Hessian is diagonal (a linear model on orthogonal features), and equal to last-layer there', () => {
  // Columns of a Hadamard matrix: orthogonal to each other and to the constant bias column.
  const n = 8, d = 3, alpha = 1.3, sigma2 = 0.5;
  const cols = [[1, -1, 1, -1, 1, -1, 1, -1], [1, 1, -1, -1, 1, 1, -1, -1], [1, 1, 1, 1, -1, -1, -1, -1]];
  const x = Float32Array.from({ length: n * d }, (_, k) => cols[k % d][Math.floor(k / d)]);
  const y = Float32Array.from([0.3, -1.1, 0.8, 0.2, -0.4, 1.5, 0.1, -0.6]);
  // With XᵀX = nI the MAP is θ_j = (Σ x_j y / σ²) / (n/σ² + α).
  const theta = [...cols, new Array<number>(n).fill(1)].map((c) => c.reduce((s, v, i) => s + v * y[i], 0) / sigma2 / (n / sigma2 + alpha));
  const layer = new Dense(d, 1);
  theta.slice(0, d).forEach((v, j) => { layer.weight.data[j] = v; });
  layer.bias!.data[0] = theta[d];
  const prep = { dataset: { name: 't', task: 'regression', inputShape: [d], train: { x, targets: y, n } }, train: { x, targets: y, n },
    validation: { x, targets: y, n }, test: { x, targets: y, n }, scaler: null, targetScale: null } as unknown as Prepared;
  const fixed = { priorPrecision: alpha, noiseVariance: sigma2, hessianRows: n };
  const model = new Sequential([layer]);
  const diag = diagonalEvidence(model, prep, fixed).logEvidence, last = lastLayerEvidence(model, prep, fixed).logEvidence;
  assert.ok(Math.abs(diag - last) / Math.abs(last) < 1e-6, `diagonal ${diag} vs last-layer ${last}`);
  assert.equal(modelEvidence('diagonal', model, prep, fixed).logEvidence, diag);
  assert.throws(() => modelEvidence('kfac', model, prep), /evidence: got "kfac"; expected last-layer or diagonal/);
});
