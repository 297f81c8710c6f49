/**
 * Any strategy, filtered by a cheap estimate: every proposal is the best of
 * `factor` proposals the strategy makes, by `ctx.estimate` (e.g. a zero-cost
 * proxy). The other proposals are dropped unevaluated: the strategy is never
 * told about them, which ask/tell strategies such as random search or
 * regularized evolution take in their stride.
 */
import type { StrategyEntry } from './strategy.js';

export function filteredByEstimate(entry: StrategyEntry, factor: number, name: string): StrategyEntry {
  if (!(Number.isInteger(factor) && factor >= 1)) throw new Error(`estimate filter: factor must be a positive integer, got ${factor}`);
  return {
    ...entry,
    description: `${entry.description}, each proposal the best of ${factor} by ${name}`,
    create(ctx) {
      const estimate = ctx.estimate;
      if (!estimate) throw new Error(`the ${name} filter needs an estimate of each architecture (a proxy) in the strategy's context`);
      const inner = entry.create(ctx);
      return {
        name: inner.name,
        ask() {
          let best = inner.ask(), bestScore = best === null ? -Infinity : estimate(best);
          for (let k = 1; k < factor && best !== null; k++) {
            const p = inner.ask();
            if (p === null) break;
            const s = estimate(p);
            if (s > bestScore) { best = p; bestScore = s; }
          }
          return best;
        },
        tell: (t) => inner.tell(t),
        ...(inner.notes ? { notes: (p: Parameters<NonNullable<typeof inner.notes>>[0]) => inner.notes!(p) } : {}),
      };
    },
  };
}
