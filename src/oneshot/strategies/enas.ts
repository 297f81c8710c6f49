/**
 * ENAS: an LSTM controller samples cells; each training step trains the shared weights of one sampled cell, and after
 * each epoch the controller is trained by REINFORCE: the reward of a sampled cell is its accuracy (0–1) with the
 * shared weights on one batch of the architecture half, minus a moving-average baseline (decay 0.95), with an entropy
 * bonus that keeps it exploring. The result is the best of 100 cells sampled from the trained controller.
 */
import { backward, noGrad } from '../../core/autograd.js';
import { add, mul } from '../../core/ops/elementwise.js';
import { tidy } from '../../core/tensor.js';
import { Adam } from '../../optim/adam.js';
import { type OneShotContext, supernetScore, weightStep } from '../context.js';
import { LstmPolicy } from '../lstm-policy.js';
import { bestSampled } from '../rank-sampled.js';
import { oneShotEntryOf } from '../strategy.js';

const HIDDEN = 32, CONTROLLER_STEPS = 30, CONTROLLER_LR = 1e-3, ENTROPY_WEIGHT = 1e-4, BASELINE_DECAY = 0.95, CANDIDATES = 100;
/** Rows of the architecture half a controller sample is rewarded on (one batch, as ENAS does). */
const REWARD_ROWS = 64;

export const enas = oneShotEntryOf('enas', 'ENAS: LSTM controller trained by REINFORCE on shared-weight accuracy; single-path weight training', () => {
  let policy: LstmPolicy | null = null, optimizer: Adam | null = null, baseline: number | null = null;
  const controller = (ctx: OneShotContext) => {
    if (!policy) {
      policy = new LstmPolicy(ctx.supernet.space.ops.length, ctx.supernet.space.edges.length, HIDDEN, ctx.rng.int(2 ** 31));
      optimizer = new Adam(policy.trainableParameters(), { lr: CONTROLLER_LR });
    }
    return { policy, optimizer: optimizer! };
  };
  const sample = (ctx: OneShotContext) => noGrad(() => tidy(() => controller(ctx).policy.sample(ctx.rng).choices));
  return {
    learnsAlpha: false, checkpointable: false,
    step: (ctx, weightBatch) => weightStep(ctx, weightBatch, { kind: 'path', genotype: sample(ctx) }),
    endEpoch(ctx) {
      const { policy: p, optimizer: opt } = controller(ctx);
      for (let s = 0; s < CONTROLLER_STEPS; s++) {
        tidy(() => {
          opt.zeroGrad();
          const drawn = p.sample(ctx.rng);
          // A random batch of the architecture half: rows [start, start + REWARD_ROWS).
          const start = ctx.rng.int(Math.max(1, ctx.archHalf.n - REWARD_ROWS));
          const rows = { ...ctx.archHalf, x: ctx.archHalf.x.subarray(start * rowWidth(ctx), (start + REWARD_ROWS) * rowWidth(ctx)), labels: ctx.archHalf.labels?.subarray(start, start + REWARD_ROWS),
            targets: ctx.archHalf.targets?.subarray(start, start + REWARD_ROWS), n: Math.min(REWARD_ROWS, ctx.archHalf.n) };
          const reward = supernetScore(ctx, rows, { kind: 'path', genotype: drawn.choices }) / (ctx.data.dataset.task === 'classification' ? 100 : 1);
          baseline = baseline === null ? reward : BASELINE_DECAY * baseline + (1 - BASELINE_DECAY) * reward;
          backward(add(mul(drawn.logProb, -(reward - baseline)), mul(drawn.entropy, -ENTROPY_WEIGHT)));
          opt.step();
        });
      }
    },
    derive: (ctx) => bestSampled(ctx, () => sample(ctx), CANDIDATES),
  };
});

const rowWidth = (ctx: OneShotContext) => ctx.data.dataset.inputShape.reduce((a, b) => a * b, 1);
