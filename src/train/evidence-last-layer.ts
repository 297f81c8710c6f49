/**
 * Laplace evidence (see evidence.ts) over the last layer's weights: the rest of
 * the network is a fixed feature map, and the last layer's generalised
 * Gauss-Newton Hessian is computed exactly (features × outputs square).
 */
import { noGrad } from '../core/autograd.js';
import { Tensor, tidy } from '../core/tensor.js';
import type { Prepared } from '../data/prepare.js';
import { choleskyLogDet } from '../core/float64-linalg.js';
import { type EvidenceOptions, type EvidenceResult, bestPrecision, trainingFit } from './evidence.js';
import { Dense } from '../nn/dense.js';
import { Sequential } from '../nn/sequential.js';

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
  const classification = data.dataset.task === 'classification';
  const { logLik, sigma2, probs } = trainingFit(model, data, o.noiseVariance);
  // Gauss-Newton Hessian of the negative log likelihood over (feature j, output k) at index j*c + k, from a subset scaled to all rows.
  const rows = Math.min(n, o.hessianRows ?? 2000), scale = n / rows;
  const hess = new Float64Array(d * d);
  for (let r = 0; r < rows; r++) {
    const lambda = classification ? probs![r].map((pi, a) => probs![r].map((pj, b) => (a === b ? pi : 0) - pi * pj)) : [[1 / sigma2!]];
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
  const alpha = bestPrecision(logZ, o.priorPrecision);
  return { logEvidence: logZ(alpha), logLikelihood: logLik, priorPrecision: alpha, ...(sigma2 !== undefined ? { noiseVariance: sigma2 } : {}), params: d };
}
