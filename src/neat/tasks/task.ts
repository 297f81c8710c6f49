/**
 * A task that evolved networks are scored on. Scores are higher-is-better.
 * `evalSeed` fixes what a score is measured on (the batch of images, the
 * episodes' starting states), so that every genome of a generation meets the
 * same draw and the same seed gives the same scores in any worker.
 */
import type { Activation } from '../activations.js';
import type { Network } from '../network.js';

export interface GenomeTask {
  readonly name: string;
  readonly inputs: number;
  readonly outputs: number;
  /** The output nodes' activation in first-generation networks. */
  readonly outputActivation: Activation;
  /** What a score is, for reports ("negative cross-entropy", "reward over 1,000 steps"). */
  readonly scoreName: string;
  /** The score with every connection weighted by each of `weights`, in order. */
  sharedScores(net: Network, weights: readonly number[], evalSeed: number): number[];
  /** The score with the genome's own weights. */
  ownScore(net: Network, evalSeed: number): number;
  /** Held-out scores per shared weight (test accuracy, mean reward over fresh episodes), as the task's final report reads them. */
  heldOut(net: Network, weights: readonly number[]): number[];
}

/** How workers rebuild a task: its name and the options it was made with (JSON). */
export interface TaskSpec { name: string; dataDir?: string; episodes?: number; batch?: number }
