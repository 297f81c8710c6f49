/**
 * The ant colony system rules DeepSwarm uses (Dorigo & Gambardella's ACS):
 * an ant at a choice takes the option of most pheromone with probability
 * `greediness` (exploitation), else draws one in proportion to pheromone
 * (exploration); every step an ant takes pulls that pheromone back towards the
 * start value (local update, so later ants of the same round spread out); after
 * each round the best path found so far gains pheromone in proportion to its
 * quality (global update). Pure functions, so they can be checked by hand.
 */
import type { Rng } from '../core/random.js';

/** Local update after an ant takes a step: τ ← (1 − decay)·τ + decay·τ₀. */
export const localUpdate = (tau: number, decay: number, start: number): number => (1 - decay) * tau + decay * start;

/** Global update on the best ant's path: τ ← (1 − evaporation)·τ + evaporation·deposit. */
export const globalUpdate = (tau: number, evaporation: number, deposit: number): number => (1 - evaporation) * tau + evaporation * deposit;

/**
 * What the best ant deposits: its score as a fraction for a maximised objective (Topiary's scores are percentages,
 * so 91.5 deposits 0.915, as DeepSwarm's accuracy metric does), 1/(10·value) for a minimised one (DeepSwarm's loss
 * metric); never negative.
 */
export function depositOf(value: number, direction: 'min' | 'max'): number {
  if (!Number.isFinite(value)) return 0;
  return direction === 'max' ? Math.max(0, value / 100) : 1 / (10 * Math.max(value, 1e-12));
}

/**
 * The index ACS picks among options of weight `weights` (pheromone, times the heuristic when one is used): the
 * largest with probability `greediness` (a tie drawn at random), else a draw in proportion to weight.
 */
export function acsChoice(weights: readonly number[], greediness: number, rng: Rng): number {
  if (weights.length === 1) return 0;
  if (rng.next() < greediness) {
    const top = Math.max(...weights), best = weights.flatMap((w, i) => (w === top ? [i] : []));
    return best.length === 1 ? best[0] : best[rng.int(best.length)];
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return rng.int(weights.length);
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) { r -= weights[i]; if (r < 0) return i; }
  return weights.length - 1;
}
