/**
 * Any strategy, filtered by a learned predictor: BANANAS's ensemble, trained
 * on the trials finished so far (refitted every few results), scores
 * `factor` proposals of the strategy and the best is evaluated; the others
 * are dropped untold, as with a zero-cost proxy filter. Until enough trials
 * have finished the strategy's proposals pass through unfiltered.
 */
import type { StrategyEntry } from '../study/strategy.js';
import { requireEncoding } from './bananas.js';
import { ENSEMBLE_DEFAULTS, EnsemblePredictor } from './mlp-ensemble.js';

/** Finished trials before the first fit, and new ones between refits. */
const FIRST_FIT = 10, REFIT_EVERY = 5;

/** The entry filtered when `factor` (a search option or a study's setting) asks for it, else the entry itself. */
export const withPredictorFilter = (entry: StrategyEntry, factor: unknown): StrategyEntry =>
  (typeof factor === 'number' && factor > 1 ? filteredByPredictor(entry, factor) : entry);

export function filteredByPredictor(entry: StrategyEntry, factor: number): StrategyEntry {
  if (!(Number.isInteger(factor) && factor >= 1)) throw new Error(`predictor filter: factor must be a positive integer, got ${factor}`);
  return {
    ...entry,
    description: `${entry.description}, each proposal the best of ${factor} by a learned predictor`,
    create(ctx) {
      const { space } = ctx;
      const encoding = requireEncoding(space, `${ctx.space.name} with a predictor filter`);
      const inner = entry.create(ctx);
      const rng = ctx.rng.fork();
      const x: number[][] = [], y: number[] = [];
      let predictor: EnsemblePredictor | null = null, fittedAt = 0;
      const predictions = new Map<string, number>();
      return {
        name: inner.name,
        ask() {
          if (predictor === null || x.length - fittedAt >= REFIT_EVERY) {
            if (x.length >= FIRST_FIT) { predictor = new EnsemblePredictor(encoding.size, ENSEMBLE_DEFAULTS); predictor.fit(x, y, rng); fittedAt = x.length; }
          }
          let best = inner.ask();
          if (predictor === null || best === null) return best;
          let bestScore = predictor.predict(encoding.encode(best)).mean;
          for (let k = 1; k < factor; k++) {
            const p = inner.ask();
            if (p === null) break;
            const s = predictor.predict(encoding.encode(p)).mean;
            if (s > bestScore) { best = p; bestScore = s; }
          }
          predictions.set(space.key(best), bestScore);
          return best;
        },
        tell(t) {
          inner.tell(t);
          if (t.state === 'completed') { x.push(encoding.encode(t.params)); y.push(t.fitness); }
        },
        predicted: (p) => predictions.get(space.key(p)),
        ...(inner.notes ? { notes: (p: Parameters<NonNullable<typeof inner.notes>>[0]) => inner.notes!(p) } : {}),
      };
    },
  };
}
