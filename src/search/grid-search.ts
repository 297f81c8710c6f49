/** Grid search: every genotype in lexicographic order (last decision varies fastest). */
import type { Rng } from '../core/random.js';
import { type SearchSpace, spaceSize } from './space.js';
import type { SearchStrategy } from './strategy.js';

export function gridSearch(space: SearchSpace, _rng: Rng): SearchStrategy {
  let next = 0;
  const total = spaceSize(space);
  return {
    name: 'grid',
    ask() {
      if (next >= total) return null;
      let i = next++;
      const g = new Array<number>(space.choices.length);
      for (let d = space.choices.length - 1; d >= 0; d--) { g[d] = i % space.choices[d]; i = Math.floor(i / space.choices[d]); }
      return g;
    },
    tell() { /* grid order does not depend on results */ },
  };
}
