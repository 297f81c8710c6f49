/** The best of `count` sampled cells by their accuracy with the shared weights on the architecture half (RSPS, ENAS). */
import { type OneShotContext, supernetScore } from './context.js';

/** Rows of the architecture half each sampled cell is scored on. */
export const SAMPLE_SCORE_ROWS = 500;

export function bestSampled(ctx: OneShotContext, sample: () => number[], count: number): number[] {
  let best: number[] = [], bestScore = -Infinity;
  for (let i = 0; i < count; i++) {
    const g = sample();
    const s = supernetScore(ctx, ctx.archHalf, { kind: 'path', genotype: g }, SAMPLE_SCORE_ROWS);
    if (s > bestScore) { best = g; bestScore = s; }
  }
  return best;
}
