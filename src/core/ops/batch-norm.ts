/**
 * Batch normalisation as one op: per channel of x [N, C, …], y = (x − mean)/√(var + eps)·gamma + beta. Composed of
 * broadcasting ops it took eight kernel calls forward and about fifteen backward, each a pass over the tensor;
 * small-channel networks (architecture-search cells) spend most of a step there.
 */
import { record } from '../autograd.js';
import { kernel } from '../backend.js';
import { Tensor, formatShape } from '../tensor.js';

export interface BatchNormResult {
  y: Tensor;
  /** Per channel: the statistics used (from the batch when batchStats, else the ones given). */
  mean: Tensor;
  variance: Tensor;
}

/**
 * With `running` null the statistics come from the batch (biased variance) and the gradient flows through
 * them; with `running` given they are constants, as in evaluation.
 */
export function batchNorm(x: Tensor, gamma: Tensor | null, beta: Tensor | null, eps: number,
  running: { mean: Tensor; variance: Tensor } | null = null): BatchNormResult {
  const channels = x.shape[1];
  if (x.rank < 2) throw new Error(`batchNorm: expected input [N, C, …], got ${formatShape(x.shape)}`);
  for (const [name, p] of [['gamma', gamma], ['beta', beta], ['running mean', running?.mean], ['running variance', running?.variance]] as const) {
    if (p && (p.rank !== 1 || p.shape[0] !== channels)) {
      throw new Error(`batchNorm: ${name} has shape ${formatShape(p.shape)}; input ${formatShape(x.shape)} needs [${channels}]`);
    }
  }
  x.assertLive('batchNorm');
  const rows = x.shape[0], inner = x.size / Math.max(1, rows * channels);
  const batchStats = running === null;
  const mean = running ? running.mean : Tensor.empty([channels]);
  const variance = running ? running.variance : Tensor.empty([channels]);
  const y = Tensor.empty(x.shape);
  kernel().batchNormForward(x.data, gamma?.data ?? null, beta?.data ?? null, y.data, mean.data, variance.data,
    rows, channels, inner, eps, batchStats);
  // Running statistics change after this step; the backward pass needs the ones used here.
  const usedMean = batchStats ? mean : copy(mean), usedVar = batchStats ? variance : copy(variance);
  const inputs = [x, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
  record(y, 'batchNorm', inputs, (gy) => {
    const gx = x.requiresGrad ? Tensor.empty(x.shape) : null;
    const gGamma = gamma?.requiresGrad ? Tensor.empty([channels]) : null;
    const gBeta = beta?.requiresGrad ? Tensor.empty([channels]) : null;
    kernel().batchNormBackward(x.data, gy.data, usedMean.data, usedVar.data, gamma?.data ?? null, gx?.data ?? null,
      gGamma?.data ?? null, gBeta?.data ?? null, rows, channels, inner, eps, batchStats);
    return [gx, ...(gamma ? [gGamma] : []), ...(beta ? [gBeta] : [])];
  });
  return { y, mean, variance };
}

function copy(t: Tensor): Tensor {
  const c = Tensor.empty(t.shape);
  c.data.set(t.data);
  return c;
}
