/**
 * Random search with parameter sharing (RSPS): every step trains one uniformly sampled sub-network of the supernet;
 * afterwards a set of sampled architectures is ranked by their accuracy on the architecture half with the shared
 * weights, and the best is the result. No α.
 */
import type { OneShotContext } from '../context.js';
import { weightStep } from '../context.js';
import { bestSampled } from '../rank-sampled.js';
import { oneShotEntryOf } from '../strategy.js';

/** Architectures ranked after training. */
const CANDIDATES = 100;

export function uniformGenotype(ctx: OneShotContext): number[] {
  const ops = ctx.supernet.space.ops.length;
  return ctx.supernet.space.edges.map(() => ctx.rng.int(ops));
}

export const rsps = oneShotEntryOf('rsps', 'random search with parameter sharing: uniform single-path training, then the best of 100 sampled cells by shared-weight accuracy', () => ({
  learnsAlpha: false,
  step: (ctx, weightBatch) => weightStep(ctx, weightBatch, { kind: 'path', genotype: uniformGenotype(ctx) }),
  derive: (ctx) => bestSampled(ctx, () => uniformGenotype(ctx), CANDIDATES),
}));
