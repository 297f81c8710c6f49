/**
 * NASWOT's search (Mellor et al.): each proposal is the architecture a cheap
 * estimate (a zero-cost proxy) ranks highest among `candidates` random ones,
 * none evaluated before choosing. Results do not steer it; its value is that
 * one evaluation per proposal buys the best of many.
 */
import { named, type StrategyEntry } from '../study/strategy.js';

export function proxyPick(candidates = 100): StrategyEntry {
  return {
    description: `the best of ${candidates} random architectures by a zero-cost proxy (NASWOT's search; needs --proxy)`,
    create(ctx) {
      const { space, rng, estimate } = ctx;
      if (!estimate) throw new Error('strategy proxy-pick needs a zero-cost proxy to rank candidates: pass --proxy (e.g. --proxy naswot)');
      const seen = new Set<string>();
      return named('proxy-pick', {
        ask() {
          let best = null, bestScore = -Infinity;
          for (let k = 0; k < candidates; k++) {
            const p = space.sample(rng);
            if (seen.has(space.key(p))) continue;
            const s = estimate(p);
            if (best === null || s > bestScore) { best = p; bestScore = s; }
          }
          if (best !== null) seen.add(space.key(best));
          return best;
        },
        tell() { /* the proxy, not the results, chooses */ },
      });
    },
  };
}
