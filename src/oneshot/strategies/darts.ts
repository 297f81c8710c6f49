/**
 * DARTS, first order: every edge is a softmax(α)-weighted sum of all its ops. Each step moves α down the gradient of
 * the loss on an architecture batch (the weights held fixed), then the weights down the gradient of the loss on a
 * weight batch. The cell is each edge's op with the largest α.
 */
import { archStep, weightStep } from '../context.js';
import { oneShotEntryOf } from '../strategy.js';

export const darts = oneShotEntryOf('darts', 'DARTS, first order: softmax-mixed edges, α and weights in alternating steps', () => ({
  learnsAlpha: true,
  step(ctx, weightBatch, archBatch) {
    archStep(ctx, archBatch, { kind: 'softmax' });
    return weightStep(ctx, weightBatch, { kind: 'softmax' });
  },
  derive: (ctx) => ctx.supernet.genotype(),
}));
