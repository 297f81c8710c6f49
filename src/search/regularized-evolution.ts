/**
 * Regularized (aging) evolution (Real et al., AmoebaNet): a population of P;
 * each child mutates the best of S sampled members; the oldest member dies.
 * The first P proposals are random. Works in any space with `mutate`.
 */
import type { Strategy, StrategyContext, StrategyEntry } from '../study/strategy.js';

export function regularizedEvolution(population = 20, sample = 5): StrategyEntry {
  return {
    description: `aging evolution, population ${population}, tournament ${sample} (any space)`,
    create<P>(ctx: StrategyContext<P>): Strategy<P> {
      const { space, rng } = ctx;
      const pop: { p: P; fitness: number }[] = [];
      const seen = new Set<string>();
      const fresh = (make: () => P) => {
        // Re-evaluating an architecture adds nothing: retry a few times for an unseen one.
        let p = make();
        for (let t = 0; t < 50 && seen.has(space.key(p)); t++) p = make();
        seen.add(space.key(p));
        return p;
      };
      return {
        name: 'regularized-evolution',
        ask() {
          if (pop.length < population) return fresh(() => space.sample(rng));
          return fresh(() => {
            let parent = pop[rng.int(pop.length)];
            for (let s = 1; s < sample; s++) { const c = pop[rng.int(pop.length)]; if (c.fitness > parent.fitness) parent = c; }
            return space.mutate(parent.p, rng);
          });
        },
        tell(t) {
          pop.push({ p: t.params, fitness: t.fitness });
          if (pop.length > population) pop.shift();
        },
      };
    },
  };
}
