/**
 * DARTS, second order: α follows the gradient of the architecture loss at the weights one SGD step ahead,
 * w' = w − ξ∇w L_w(w, α), which adds −ξ ∇²α,w L_w · ∇w' L_a(w', α) to the first-order gradient. That Hessian-vector
 * product is taken by finite differences: (∇α L_w(w⁺) − ∇α L_w(w⁻)) / 2r with w± = w ± r∇w' L_a and
 * r = 0.01 / ‖∇w' L_a‖. ξ is the weights' current learning rate (the look-ahead step ignores momentum).
 */
import { backward, zeroGrad } from '../../core/autograd.js';
import { tidy } from '../../core/tensor.js';
import type { Parameter } from '../../nn/parameter.js';
import { type Batch, type OneShotContext, archGradient, checkAlpha, supernetLoss, weightStep, withGradientsFor } from '../context.js';
import { oneShotEntryOf } from '../strategy.js';

const SOFTMAX = { kind: 'softmax' } as const;

/** Gradients of the loss on `batch` with respect to `wrt`, as copies. */
function gradients(ctx: OneShotContext, batch: Batch, wrt: readonly Parameter[]): Float32Array[] {
  const { supernet } = ctx;
  supernet.mix = SOFTMAX;
  return withGradientsFor([...supernet.weights(), supernet.alpha], new Set(wrt), () => tidy(() => {
    zeroGrad([...wrt]);
    backward(supernetLoss(ctx, batch));
    return wrt.map((p) => (p.grad ? Float32Array.from(p.grad.data) : new Float32Array(p.size)));
  }));
}

/** Leaves the second-order gradient of the architecture loss with respect to α in α.grad; the weights are restored. */
export function unrolledArchGradient(ctx: OneShotContext, weightBatch: Batch, archBatch: Batch): void {
  const { supernet } = ctx, weights = supernet.weights(), alpha = supernet.alpha;
  const xi = ctx.weightOptimizer.lr;
  const saved = weights.map((p) => Float32Array.from(p.data));
  const setWeights = (shift: (i: number, j: number) => number) => weights.forEach((p, i) => { for (let j = 0; j < p.size; j++) p.data[j] = saved[i][j] + shift(i, j); });
  try {
    const gw = gradients(ctx, weightBatch, weights);
    setWeights((i, j) => -xi * gw[i][j]);
    const atLookahead = gradients(ctx, archBatch, [...weights, alpha]);
    const dw = atLookahead.slice(0, weights.length), dAlpha = atLookahead[weights.length];
    let norm = 0;
    for (const g of dw) for (let j = 0; j < g.length; j++) norm += g[j] * g[j];
    const r = 0.01 / Math.max(1e-12, Math.sqrt(norm));
    setWeights((i, j) => r * dw[i][j]);
    archGradient(ctx, weightBatch, SOFTMAX);
    const plus = Float32Array.from(alpha.grad!.data);
    setWeights((i, j) => -r * dw[i][j]);
    archGradient(ctx, weightBatch, SOFTMAX);
    const minus = alpha.grad!.data;
    for (let j = 0; j < alpha.size; j++) alpha.grad!.data[j] = dAlpha[j] - (xi * (plus[j] - minus[j])) / (2 * r);
  } finally {
    setWeights(() => 0);
  }
}

export const darts2 = oneShotEntryOf('darts2', 'DARTS, second order: α stepped at the look-ahead weights, Hessian-vector product by finite differences', () => ({
  learnsAlpha: true,
  step(ctx, weightBatch, archBatch) {
    unrolledArchGradient(ctx, weightBatch, archBatch);
    ctx.archOptimizer!.step();
    checkAlpha(ctx);
    return weightStep(ctx, weightBatch, SOFTMAX);
  },
  derive: (ctx) => ctx.supernet.genotype(),
}));
