/**
 * A space that real-training search can train: the study's view of it
 * (sample, mutate, key, …) and how to build a trainable model from one of its
 * architectures. Looked up by name inside worker threads, so it must be a
 * registry entry, not a closure. One file per space under spaces/.
 */
import type { ArchModel } from '../arch/build.js';
import type { MorphStep } from '../grow/morphism.js';
import type { Sequential } from '../nn/sequential.js';
import type { SearchSpace } from '../study/space.js';

export interface TrainableSpace<P = unknown> {
  readonly name: string;
  readonly description: string;
  readonly search: SearchSpace<P>;
  build(params: P, inputShape: number[], outputs: number, seed: number): Sequential | ArchModel;
  /** Spaces whose trials start from an earlier trial's trained weights: which trial, and how (kept with the trial). */
  lineage?(params: P): Inheritance | null;
  /**
   * The network of `params` made from the parent trial's trained network (spaces without it apply the lineage's
   * morphism steps to the parent's network, or take it as it is).
   */
  inherit?(params: P, parent: Sequential | ArchModel, inputShape: number[], outputs: number, seed: number): Sequential | ArchModel;
  /** Spaces that search training hyperparameters too: the settings this architecture trains with, in place of the search's. */
  training?(params: P): TrainingSettings;
}

/** Training settings a trial may take from its architecture (spaces/tuned.ts). */
export interface TrainingSettings { lr?: number; weightDecay?: number; batchSize?: number }

/**
 * A trial that starts from trial `parent`'s trained weights: changed by function-preserving `steps` (morph
 * spaces), or its first `reuseNodes` nodes' layers copied into a fresh network (layer graphs); `whole`: the
 * parent's network as it is, trained further (the search's final training).
 */
export interface Inheritance { parent: number; steps?: MorphStep[]; reuseNodes?: number; whole?: boolean }
