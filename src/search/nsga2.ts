/**
 * NSGA-II (Deb et al. 2002), steady-state for asynchronous studies: the first
 * `population` proposals are random; after that the parents are the best
 * `population` finished trials by non-dominated rank and crowding distance
 * (elitist survival over everything evaluated), and each child comes from two
 * binary tournaments on (rank, crowding), crossover with probability
 * `crossoverRate`, then mutation with probability `mutationRate`. With one
 * objective it reduces to an elitist genetic algorithm. Any space.
 */
import { rankOrder } from '../study/pareto.js';
import type { Strategy, StrategyContext, StrategyEntry } from '../study/strategy.js';

export function nsga2(population = 20, crossoverRate = 0.9, mutationRate = 0.8): StrategyEntry {
  return {
    description: `NSGA-II, population ${population}, Pareto rank and crowding (any space, several objectives)`,
    multiObjective: true,
    create<P>({ space, rng, objectives }: StrategyContext<P>): Strategy<P> {
      const done: { p: P; values: number[] }[] = [];
      const seen = new Set<string>();
      let proposed = 0;
      // Parents and each one's position in the ranking (lower is better), refreshed when a trial finishes.
      let parents: { p: P; rank: number }[] = [];
      const refresh = () => {
        const order = rankOrder(objectives, done.map((d) => d.values)).slice(0, population);
        parents = order.map((i, rank) => ({ p: done[i].p, rank }));
      };
      const tournament = () => {
        const a = parents[rng.int(parents.length)], b = parents[rng.int(parents.length)];
        return a.rank <= b.rank ? a.p : b.p;
      };
      const child = (): P => {
        if (proposed < population || parents.length < 2) return space.sample(rng);
        let c = rng.next() < crossoverRate ? space.crossover(tournament(), tournament(), rng) : tournament();
        if (rng.next() < mutationRate || seen.has(space.key(c))) c = space.mutate(c, rng);
        return c;
      };
      return {
        name: 'nsga2',
        ask() {
          if (seen.size >= space.size) return null;
          let c = child();
          for (let t = 0; t < 100 && seen.has(space.key(c)); t++) c = t < 50 ? child() : space.sample(rng);
          seen.add(space.key(c));
          proposed++;
          return c;
        },
        tell(t) {
          // Failed trials have no values; pruned ones compete with what they reached.
          if (t.values === null || t.values.some((v) => !Number.isFinite(v))) return;
          done.push({ p: t.params, values: t.values });
          refresh();
        },
      };
    },
  };
}
