/**
 * How autofit spends its time budget, from the data's shape and size alone
 * (no per-dataset settings): which space to search, the batch size, and the
 * share of the clock for the two search rounds, the shrink and the final training.
 */
import { OptionError } from '../core/option-error.js';
import type { Dataset } from '../data/dataset.js';

export interface AutofitPlan {
  /** A trainable space (TRAINABLE_SPACES): small conv stacks for images, MLP stacks for everything else. */
  space: string;
  batchSize: number;
  lr: number;
  /** Wall-clock seconds of the first round of the search, in which trials may start. */
  firstRoundSeconds: number;
  /** Training seconds of one first-round trial (all get the same, so they compare at equal cost). */
  trialSeconds: number;
  /** Wall-clock seconds of the second round: the best `workers` architectures trained again, in parallel, this long each. */
  secondRoundSeconds: number;
  shrinkSeconds: number;
  /** Kept back at the end for the test evaluation, exports and report. */
  reserveSeconds: number;
}

/** Below this many seconds there is no time to search and train anything worth returning. */
export const MIN_BUDGET_SECONDS = 10;

/** About this many trials per search, so evolution has a population to work from. */
const TRIALS_WANTED = 12;

export function planAutofit(data: Dataset, seconds: number, workers: number): AutofitPlan {
  if (!(seconds >= MIN_BUDGET_SECONDS)) {
    throw new OptionError('timeBudgetSeconds', `${Number(seconds.toFixed(1))} s left after loading the data is too small to search and train anything; give at least ${MIN_BUDGET_SECONDS} s more (e.g. ${Math.ceil(MIN_BUDGET_SECONDS + (seconds < 0 ? -seconds : 0)) + 5})`);
  }
  const images = data.inputShape.length === 3;
  const rows = data.train.n;
  const reserveSeconds = 1 + 0.02 * seconds;
  const working = seconds - reserveSeconds;
  const firstRoundSeconds = 0.24 * working;
  return {
    space: images ? 'conv-stack' : 'mlp-stack',
    batchSize: rows >= 8000 ? 128 : rows >= 2000 ? 64 : 32,
    lr: 2e-3,
    firstRoundSeconds,
    trialSeconds: Math.min(60, Math.max(1, (firstRoundSeconds * workers) / TRIALS_WANTED)),
    secondRoundSeconds: 0.16 * working,
    shrinkSeconds: 0.12 * working,
    reserveSeconds,
  };
}
