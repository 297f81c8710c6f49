/**
 * The ask/tell interface of search strategies. A strategy proposes
 * architectures and learns from finished trials; it never sees the store, so
 * a study can be resumed (or joined) by replaying its trials into a fresh
 * strategy with the same seed. One file per strategy, one registry entry.
 */
import type { Rng } from '../core/random.js';
import type { Objective } from './objectives.js';
import type { SearchSpace } from './space.js';

export interface FinishedTrial<P> {
  number: number;
  params: P;
  state: 'completed' | 'failed' | 'pruned';
  /** Objective values (pruned: at the last reported step; failed: null). */
  values: number[] | null;
  /**
   * One number, higher is better, for strategies that compare trials on one
   * scale: the oriented value of a single objective, or the study's
   * scalarisation of several; -Infinity for a failed trial.
   */
  fitness: number;
  /** The trial's intermediate reports (epochs, fidelities) as objective vectors, in the order reported; empty when it reported none. */
  intermediate: readonly { step: number; values: number[] }[];
}

export interface Strategy<P> {
  readonly name: string;
  /** The next architecture to evaluate, or null when there is nothing left to propose. */
  ask(): P | null;
  tell(trial: FinishedTrial<P>): void;
  /**
   * Model-based strategies: what their model predicted for an architecture they proposed, on the fitness scale
   * (higher better), kept with the trial so predictions can be checked against results.
   */
  predicted?(params: P): number | undefined;
  /** What the strategy keeps with a trial it proposed (e.g. an ant's round and the pheromone it walked), JSON. */
  notes?(params: P): Record<string, unknown>;
}

/**
 * What a strategy keeps with a trial as attributes: its notes, and its prediction in the objective's own units
 * (`predicted`, single-objective studies).
 */
export function strategyAttrs<P>(strategy: Strategy<P>, params: P, objectives: readonly Objective[]): Record<string, unknown> {
  const f = objectives.length === 1 ? strategy.predicted?.(params) : undefined;
  const notes = strategy.notes?.(params) ?? {};
  return f === undefined || !Number.isFinite(f) ? notes : { ...notes, predicted: objectives[0].direction === 'max' ? f : -f };
}

export interface StrategyContext<P> {
  space: SearchSpace<P>;
  rng: Rng;
  objectives: readonly Objective[];
  /**
   * A cheap estimate of how good an architecture is, higher better, known before evaluating it (e.g. a
   * zero-cost proxy of the untrained network). Strategies that take one say so; the others ignore it.
   */
  estimate?: (params: P) => number;
}

export interface StrategyEntry {
  /** One line for --help and error messages. */
  readonly description: string;
  /** Ranks trials by Pareto dominance itself (others get a scalar fitness). */
  readonly multiObjective?: boolean;
  /** Needs a fixed vector of categorical decisions. */
  readonly needsChoices?: boolean;
  /** Grows trained networks: needs a morph space (search/spaces/morph.ts), whose trials inherit their parents' weights. */
  readonly needsMorphSpace?: boolean;
  /** Walks a layer graph: needs the layer-graph space (search/spaces/layer-graph.ts). */
  readonly needsLayerGraph?: boolean;
  /** The pruner it is meant to run with when none is chosen (BOHB: hyperband), on sources with intermediate results. */
  readonly defaultPruner?: string;
  /** Strategies with options (DeepSwarm's ants, depth, …): the entry with these set, or an error naming the option. */
  configure?(options: Record<string, unknown>, where: string): StrategyEntry;
  create<P>(ctx: StrategyContext<P>): Strategy<P>;
}

/** The choices of a categorical space, or an error naming the strategy that needs them. */
export function requireChoices(space: SearchSpace<unknown>, strategy: string): readonly number[] {
  if (!space.choices) throw new Error(`strategy ${strategy} needs a space of fixed categorical decisions; space ${space.name} has none (use random, regularized-evolution or nsga2 there)`);
  return space.choices;
}

/** A strategy object with its registry name put in front (so each strategy file does not spell the object's shape out). */
export const named = <S extends { readonly name: string }>(name: string, strategy: Omit<S, 'name'>): S => ({ name, ...strategy }) as S;
