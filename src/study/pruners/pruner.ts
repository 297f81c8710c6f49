/**
 * Early stopping of trials from their intermediate results. A pruner sees
 * every trial of the study (their reported values by step) and decides for
 * one trial right after it reported; it keeps no state of its own, so a
 * resumed or shared study prunes the same way. One file per pruner, one
 * registry entry.
 */
import type { Objective } from '../objectives.js';

export interface PrunerTrial {
  number: number;
  /** The trial's place in the order the study asked (replayed identically on resume, unlike store numbers, which stale re-runs skip). */
  position: number;
  state: 'waiting' | 'running' | 'completed' | 'failed' | 'pruned';
  /** Objective vectors by step, in report order (NaN where a report lacked an objective's metric). */
  intermediate: readonly { step: number; values: readonly number[] }[];
}

export interface Pruner {
  readonly name: string;
  shouldPrune(objectives: readonly Objective[], trial: PrunerTrial, all: readonly PrunerTrial[]): boolean;
}

/** What a pruner may need to know about the resource a trial consumes (epochs, fidelities). */
export interface PrunerSettings {
  /** The smallest step at which a trial may be stopped. */
  minResource: number;
  /** The step at which a trial is complete. */
  maxResource: number;
  /** Reduction factor of the halving pruners. */
  eta: number;
}

export interface PrunerEntry {
  readonly description: string;
  create(settings: PrunerSettings): Pruner;
}

export const lastReport = (t: PrunerTrial): { step: number; values: readonly number[] } | undefined => t.intermediate[t.intermediate.length - 1];

/** The value a trial reported at exactly `step`, if it did. */
export const valuesAt = (t: PrunerTrial, step: number): readonly number[] | undefined => t.intermediate.find((r) => r.step === step)?.values;
