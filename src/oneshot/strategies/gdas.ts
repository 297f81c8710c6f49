/**
 * GDAS: each forward pass samples one op per edge by the Gumbel-max trick on α and runs only that op; its output is
 * multiplied by a weight that is 1 in value but carries the gradient of the op's Gumbel-softmax probability, so α
 * learns while each step costs one sub-network. The temperature τ falls linearly from 10 to 0.1 over the search.
 */
import { archStep, weightStep } from '../context.js';
import type { OneShotContext } from '../context.js';
import type { EdgeMix } from '../edge-mix.js';
import { oneShotEntryOf } from '../strategy.js';

const TAU_START = 10, TAU_END = 0.1;

export const gdas = oneShotEntryOf('gdas', 'GDAS: one Gumbel-sampled op per edge and pass, straight-through gradient to α, τ 10 → 0.1', () => {
  let tau = TAU_START;
  const mix = (ctx: OneShotContext): EdgeMix => ({ kind: 'gumbel', tau, rng: ctx.rng });
  return {
    learnsAlpha: true,
    startEpoch(ctx) { tau = TAU_START - ((TAU_START - TAU_END) * ctx.epoch) / Math.max(1, ctx.epochs - 1); },
    step(ctx, weightBatch, archBatch) {
      const loss = weightStep(ctx, weightBatch, mix(ctx));
      archStep(ctx, archBatch, mix(ctx));
      return loss;
    },
    derive: (ctx) => ctx.supernet.genotype(),
  };
});
