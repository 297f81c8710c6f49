/**
 * jacov (Mellor et al., first version): the Jacobians of the summed outputs
 * with respect to each input of the batch; networks whose Jacobians are less
 * correlated across inputs score higher. Score: −Σ log(λ + k) + 1/(λ + k) over
 * the eigenvalues λ of the Jacobians' correlation matrix, k = 1e-5; -Infinity
 * when the output does not depend on the input.
 */
import { backward, zeroGrad } from '../core/autograd.js';
import { sum } from '../core/ops/reduce.js';
import { Tensor, tidy } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import { symmetricEigenvalues } from '../core/float64-linalg.js';
import { type ProxyBatch, proxyOf } from './proxy.js';

const K = 1e-5;

export const jacov = proxyOf('jacov', 'how uncorrelated the input Jacobians of the batch are (Mellor et al., v1)', (model: Module, batch: ProxyBatch): number => {
  const n = batch.x.shape[0];
  const x = Tensor.from(batch.x.data.slice(), batch.x.shape).keep();
  x.requiresGrad = true;
  try {
    zeroGrad(model.parameters());
    tidy(() => { backward(sum(model.forward(x))); });
    // A cell whose output does not depend on its input (every path to it is a zero op) separates nothing: the worst score.
    if (!x.grad) return -Infinity;
    const per = x.size / n, j = x.grad.data;
    // Correlation matrix of the per-input Jacobians (rows centred and scaled to unit norm).
    const rows = Array.from({ length: n }, (_, i) => {
      const r = Float64Array.from(j.subarray(i * per, (i + 1) * per));
      const m = r.reduce((a, b) => a + b, 0) / per;
      let norm = 0;
      for (let u = 0; u < per; u++) { r[u] -= m; norm += r[u] * r[u]; }
      norm = Math.sqrt(norm) || 1;
      for (let u = 0; u < per; u++) r[u] /= norm;
      return r;
    });
    const c = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = a; b < n; b++) {
      let s = 0;
      for (let u = 0; u < per; u++) s += rows[a][u] * rows[b][u];
      c[a * n + b] = s;
      c[b * n + a] = s;
    }
    return -symmetricEigenvalues(c, n).reduce((acc, l) => acc + Math.log(Math.max(l, 0) + K) + 1 / (Math.max(l, 0) + K), 0);
  } finally {
    x.dispose();
    zeroGrad(model.parameters());
  }
});
