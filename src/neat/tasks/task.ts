/**
 * A task that evolved networks are scored on. Scores are higher-is-better.
 * `evalSeed` fixes what a score is measured on (the batch of images, the
 * episodes' starting states), so that every genome of a generation meets the
 * same draw and the same seed gives the same scores in any worker.
 */
import type { Activation } from '../activations.js';
import type { Genome } from '../genome.js';
import type { Network } from '../network.js';
import type { WannOptions } from '../wann.js';

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
  /** The held-out score with the genome's own weights. */
  heldOutOwn(net: Network): number;
  /** Classification: held-out accuracy of the mean of the softmax outputs over `weights` (the ensemble of shared weights). */
  heldOutEnsemble?(net: Network, weights: readonly number[]): number;
  /** Held-out score after the genome's own weights are trained by gradient descent from `startWeight` (topology fixed). */
  trainedHeldOut?(g: Genome, startWeight: number, seed: number): number;
  /** The weight-agnostic search settings the authors used on this task, where they differ from the general defaults. */
  readonly wannDefaults?: Partial<Pick<WannOptions, 'initEnable' | 'tournament' | 'hiddenActivations'>>;
}

/** How workers rebuild a task: its name and the options it was made with (JSON). */
export interface TaskSpec { name: string; dataDir?: string; episodes?: number; batch?: number }
