/**
 * One vocabulary for what runs and trials record, so every command, the store and the dashboard speak alike:
 * `SPLIT.MEASURE` for scores (`train.loss`, `valid.loss`, `valid.accuracy`, `valid.r2`, `valid.error`, `test.…`),
 * `size.N` for layer N's width, `lambda`, `lr`, `seconds`, `params`, `ops`, `weights.remaining`, `fitness.…` for
 * evolved populations, and a `.mK` suffix for member K of an ensemble. Names written before this vocabulary are
 * read through `canonicalMetricName`, so old stores still chart the same way.
 */
import type { Metrics } from './metrics.js';

/** The headline score of a metrics object, higher is better: accuracy for classification, R² for regression. */
export const headlineScore = (m: Metrics): number => m.accuracy ?? m.r2 ?? Number.NaN;

/** A split's metrics as a run records them: `SPLIT.loss` and `SPLIT.accuracy` or `SPLIT.r2` (and `SPLIT.mse`). */
export function splitMetrics(split: 'train' | 'valid' | 'test', m: Metrics, withLoss = true): Record<string, number> {
  const out: Record<string, number> = withLoss && Number.isFinite(m.loss) ? { [`${split}.loss`]: m.loss } : {};
  if (m.accuracy !== undefined) out[`${split}.accuracy`] = m.accuracy;
  if (m.r2 !== undefined) out[`${split}.r2`] = m.r2;
  if (m.mse !== undefined && split === 'test') out[`${split}.mse`] = m.mse;
  return out;
}

/** Names earlier versions recorded, and their names in the vocabulary. */
const LEGACY: Readonly<Record<string, string>> = {
  loss: 'train.loss', valLoss: 'valid.loss', valAccuracy: 'valid.accuracy', valR2: 'valid.r2',
  'error.valid': 'valid.error', 'error.test': 'test.error', remaining: 'weights.remaining',
  best: 'fitness.best', bestMean: 'fitness.best-mean', bestMax: 'fitness.best-max', populationMean: 'fitness.population',
  championConnections: 'champion.connections', meanConnections: 'population.connections', meanHidden: 'population.hidden',
};

/** A recorded metric's name in the vocabulary (names already in it are returned as they are; `.mK` member suffixes kept). */
export function canonicalMetricName(name: string): string {
  const member = /^(.*?)(\.m\d+)$/.exec(name);
  const [base, suffix] = member ? [member[1], member[2]] : [name, ''];
  return `${LEGACY[base] ?? base}${suffix}`;
}
