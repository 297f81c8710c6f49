/**
 * Laplace evidence (see evidence.ts) over every weight, with the diagonal of
 * the generalised Gauss-Newton Hessian: Σ_rows Jᵀ Λ J restricted to the
 * diagonal, J the Jacobian of the outputs for one row (one backward pass per
 * output), Λ the Hessian of the loss in the outputs (1/σ² for regression,
 * diag(p) − ppᵀ for softmax cross-entropy).
 */
import { backward, zeroGrad } from '../core/autograd.js';
import { mul } from '../core/ops/elementwise.js';
import { sum } from '../core/ops/reduce.js';
import { Tensor, tidy } from '../core/tensor.js';
import type { Prepared } from '../data/prepare.js';
import type { Module } from '../nn/module.js';
import { type EvidenceOptions, type EvidenceResult, bestPrecision, trainingFit } from './evidence.js';

export function diagonalEvidence(model: Module, data: Prepared, o: EvidenceOptions = {}): EvidenceResult {
  const { logLik, sigma2, probs, width } = trainingFit(model, data, o.noiseVariance);
  const params = model.parameters();
  const sizes = params.map((p) => p.data.length), total = sizes.reduce((a, b) => a + b, 0);
  const t = data.train, n = t.n, w = t.x.length / n, shape = data.dataset.inputShape;
  const rows = Math.min(n, o.hessianRows ?? 512), scale = n / rows;
  const diag = new Float64Array(total);
  const jac = Array.from({ length: width }, () => new Float64Array(total));
  model.eval();
  for (let r = 0; r < rows; r++) {
    const x = Tensor.from(t.x.subarray(r * w, (r + 1) * w), [1, ...shape]).keep();
    for (let c = 0; c < width; c++) {
      zeroGrad(params);
      const pick = Tensor.from(Float32Array.from({ length: width }, (_, k) => (k === c ? 1 : 0)), [1, width]).keep();
      tidy(() => { backward(sum(mul(model.forward(x), pick))); });
      pick.dispose();
      let at = 0;
      for (const p of params) { const g = p.grad?.data; for (let i = 0; i < p.data.length; i++) jac[c][at + i] = g ? g[i] : 0; at += p.data.length; }
    }
    x.dispose();
    if (probs) {
      // diag(Jᵀ(diag p − ppᵀ)J) = Σ_c p_c J_c² − (Σ_c p_c J_c)².
      const p = probs[r];
      for (let i = 0; i < total; i++) {
        let a = 0, b = 0;
        for (let c = 0; c < width; c++) { a += p[c] * jac[c][i] ** 2; b += p[c] * jac[c][i]; }
        diag[i] += scale * (a - b * b);
      }
    } else for (let i = 0; i < total; i++) diag[i] += (scale * jac[0][i] ** 2) / sigma2!;
  }
  zeroGrad(params);
  let norm2 = 0;
  for (const p of params) for (const v of p.data) norm2 += v * v;
  const logZ = (alpha: number) => logLik - 0.5 * alpha * norm2 + 0.5 * total * Math.log(alpha) - 0.5 * diag.reduce((s, v) => s + Math.log(v + alpha), 0);
  const alpha = bestPrecision(logZ, o.priorPrecision);
  return { logEvidence: logZ(alpha), logLikelihood: logLik, priorPrecision: alpha, ...(sigma2 !== undefined ? { noiseVariance: sigma2 } : {}), params: total };
}
