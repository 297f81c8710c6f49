/** The ask/tell interface every search strategy implements (one file per strategy, one registry entry). */
import type { Rng } from '../core/random.js';
import type { SearchSpace } from './space.js';

export interface SearchStrategy {
  readonly name: string;
  /** The next genotype to evaluate, or null when the strategy has nothing left to propose. */
  ask(): number[] | null;
  /** The validation score (higher is better) of a genotype returned by ask(). */
  tell(genotype: readonly number[], score: number): void;
}

export type StrategyFactory = (space: SearchSpace, rng: Rng) => SearchStrategy;
