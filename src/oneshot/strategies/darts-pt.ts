/**
 * DARTS-PT (perturbation-based selection), the remedy for DARTS's collapse into parameter-free cells: α is not what
 * decides. The supernet trains with every op mixed at equal weight (α held at 0, the variant that did best on
 * NAS-Bench-201); then, edge by edge in random order, each op is taken out in turn and the one whose removal costs
 * the most accuracy on the architecture half is kept, the edge is fixed to it, and the supernet is fine-tuned before
 * the next edge is decided.
 */
import { batches } from '../../data/prepare.js';
import { supernetScore, weightStep } from '../context.js';
import type { OneShotContext } from '../context.js';
import { oneShotEntryOf } from '../strategy.js';

/** Rows of the architecture half each removal is scored on. */
const SCORE_ROWS = 1000;

/** The edges fixed so far, as the supernet's softmax mix. */
const mixWith = (fixed: readonly (number | null)[]) => ({ kind: 'softmax' as const, fixed });

function fineTune(ctx: OneShotContext, fixed: readonly (number | null)[], epochs: number): void {
  // Fine-tuning trains only weights, so only the weight half is read.
  for (let e = 0; e < epochs; e++) {
    for (const b of batches(ctx.weightHalf, ctx.data.dataset.inputShape, ctx.batchSize, ctx.rng.fork(), ctx.data.targetScale)) {
      if (b.x.shape[0] === ctx.batchSize) weightStep(ctx, b, mixWith(fixed));
      b.x.dispose(); b.targets?.dispose();
    }
  }
}

export const dartsPt = oneShotEntryOf('darts-pt', 'DARTS-PT: supernet with α fixed uniform, then per edge the op whose removal hurts accuracy most, fine-tuning between edges', () => ({
  learnsAlpha: false,
  step: (ctx, weightBatch) => weightStep(ctx, weightBatch, { kind: 'softmax' }),
  derive(ctx) {
    const { space } = ctx.supernet;
    const fixed: (number | null)[] = space.edges.map(() => null);
    const tuneEpochs = Math.max(1, Math.round(ctx.epochs / 10));
    for (const e of ctx.rng.permutation(space.edges.length)) {
      const scores = space.ops.map((_, k) => supernetScore(ctx, ctx.archHalf, { ...mixWith(fixed), exclude: { edge: e, op: k } }, SCORE_ROWS));
      fixed[e] = scores.indexOf(Math.min(...scores));
      const measure = ctx.data.dataset.task === 'classification' ? 'accuracy %' : '−MSE';
      ctx.log?.(`darts-pt: edge ${e} keeps ${space.ops[fixed[e]!]} (${measure} without each op: ${scores.map((s, k) => `${space.ops[k]} ${s.toPrecision(4)}`).join(', ')}); fine-tuning ${tuneEpochs} epoch(s)`);
      fineTune(ctx, fixed, tuneEpochs);
    }
    return fixed.map((k) => k!);
  },
}));
