/**
 * Regularized (aging) evolution (Real et al., AmoebaNet): a population of P;
 * each child mutates one decision of the best of S sampled members; the
 * oldest member dies. The first P proposals are random.
 */
import type { Rng } from '../core/random.js';
import { type SearchSpace, genotypeKey } from './space.js';
import type { SearchStrategy } from './strategy.js';

export function regularizedEvolution(space: SearchSpace, rng: Rng, population = 20, sample = 5): SearchStrategy {
  const pop: { g: number[]; score: number }[] = [];
  const seen = new Set<string>();
  const fresh = (make: () => number[]) => {
    // Re-evaluating an architecture adds nothing on a table: retry a few times for an unseen one.
    let g = make();
    for (let t = 0; t < 50 && seen.has(genotypeKey(g)); t++) g = make();
    seen.add(genotypeKey(g));
    return g;
  };
  return {
    name: 'regularized-evolution',
    ask() {
      if (pop.length < population) return fresh(() => space.choices.map((c) => rng.int(c)));
      return fresh(() => {
        let parent = pop[rng.int(pop.length)];
        for (let s = 1; s < sample; s++) { const c = pop[rng.int(pop.length)]; if (c.score > parent.score) parent = c; }
        const child = [...parent.g];
        const d = rng.int(child.length);
        const options = space.choices[d];
        if (options > 1) child[d] = (child[d] + 1 + rng.int(options - 1)) % options;
        return child;
      });
    },
    tell(g, score) {
      pop.push({ g: [...g], score });
      if (pop.length > population) pop.shift();
    },
  };
}
