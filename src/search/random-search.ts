/** Random search without replacement. */
import type { Rng } from '../core/random.js';
import { type SearchSpace, genotypeKey, spaceSize } from './space.js';
import type { SearchStrategy } from './strategy.js';

export function randomSearch(space: SearchSpace, rng: Rng): SearchStrategy {
  const seen = new Set<string>();
  return {
    name: 'random',
    ask() {
      if (seen.size >= spaceSize(space)) return null;
      for (;;) {
        const g = space.choices.map((c) => rng.int(c));
        if (!seen.has(genotypeKey(g))) { seen.add(genotypeKey(g)); return g; }
      }
    },
    tell() { /* random search ignores results */ },
  };
}
