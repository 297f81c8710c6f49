/** Random search without replacement (in spaces too large to exhaust, repeats are only avoided). */
import { named, type StrategyEntry } from '../study/strategy.js';

export const randomSearch: StrategyEntry = {
  description: 'uniform samples without replacement (any space)',
  create(ctx) {
    const seen = new Set<string>();
    return named('random', {
      ask() {
        if (seen.size >= ctx.space.size) return null;
        for (let tries = 0; tries < 10_000; tries++) {
          const p = ctx.space.sample(ctx.rng);
          const k = ctx.space.key(p);
          if (!seen.has(k)) { seen.add(k); return p; }
        }
        return null;
      },
      tell() { /* random search ignores results */ },
    });
  },
};
