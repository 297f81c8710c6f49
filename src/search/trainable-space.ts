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
  /** Spaces whose architectures grow from trained ones: the trial to inherit weights from and the steps to apply to them. */
  lineage?(params: P): Inheritance | null;
  /** Spaces that search training hyperparameters too: the settings this architecture trains with, in place of the search's. */
  training?(params: P): TrainingSettings;
}

/** Training settings a trial may take from its architecture (spaces/tuned.ts). */
export interface TrainingSettings { lr?: number; weightDecay?: number; batchSize?: number }

/** A trial that starts from trial `parent`'s trained weights, changed by `steps`. */
export interface Inheritance { parent: number; steps: MorphStep[] }
