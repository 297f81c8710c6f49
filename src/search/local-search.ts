/**
 * Local search as NASLib runs it on NAS benchmarks (White et al. 2020, "Local
 * search is state of the art for NAS benchmarks"): start from the best of a
 * few random architectures, evaluate its neighbours (every architecture one
 * decision away) in random order, and move to the first that is better;
 * when every neighbour has been tried without improvement the walk is at a
 * local optimum and restarts from a random architecture. Parallel workers
 * take further neighbours of the current point; one that returns better moves
 * the walk however many siblings are still running.
 */
import type { Strategy, StrategyContext, StrategyEntry } from '../study/strategy.js';
import { randomUnseen } from './unseen.js';

/** Neighbours made by sampled mutations, for spaces that cannot list theirs. */
const SAMPLED_NEIGHBOURS = 30;

export function localSearch(init = 10): StrategyEntry {
  return {
    description: `first-improvement local search over one-change neighbours, from the best of ${init} random, restarting at local optima (any space)`,
    create<P>(ctx: StrategyContext<P>): Strategy<P> {
      const { space, rng } = ctx;
      const seen = new Set<string>();
      let current: { key: string; fitness: number } | null = null;
      let queue: P[] = [];
      let randomLeft = init;
      const inFlight = new Set<string>();

      const unseen = (p: P) => !seen.has(space.key(p));
      const take = (p: P) => { const k = space.key(p); seen.add(k); inFlight.add(k); return p; };
      const neighbours = (p: P): P[] => {
        const listed = space.neighbours?.(p) ?? Array.from({ length: SAMPLED_NEIGHBOURS }, () => space.mutate(p, rng));
        const fresh = new Map<string, P>();
        for (const n of listed) if (unseen(n)) fresh.set(space.key(n), n);
        const list = [...fresh.values()];
        // Popped from the end: shuffled so the walk tries neighbours in random order.
        const order = rng.permutation(list.length);
        return Array.from(order, (i) => list[i]);
      };

      return {
        name: 'local-search',
        ask() {
          if (randomLeft > 0 || current === null) {
            randomLeft = Math.max(0, randomLeft - 1);
            const p = randomUnseen(space, rng, seen);
            return p === null ? null : take(p);
          }
          while (queue.length > 0) { const p = queue.pop()!; if (unseen(p)) return take(p); }
          // A local optimum once no neighbour is still running: the next result starts a new walk.
          if (inFlight.size === 0) current = null;
          const p = randomUnseen(space, rng, seen);
          return p === null ? null : take(p);
        },
        tell(t) {
          inFlight.delete(space.key(t.params));
          if (t.state !== 'completed') return;
          if (current === null || t.fitness > current.fitness) {
            current = { key: space.key(t.params), fitness: t.fitness };
            queue = neighbours(t.params);
          }
        },
      };
    },
  };
}
