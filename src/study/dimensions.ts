/**
 * Typed dimensions of a search space, for strategies that model each decision
 * (TPE, BOHB): a categorical choice, an integer, or a float, the numbers
 * optionally searched on a log scale. A space that declares them maps its
 * architectures to a vector (one number per dimension: a category's index,
 * or the value itself) and back; a dimension that does not apply to an
 * architecture (the width of a fourth layer in a two-layer network) reads NaN.
 */

export type Dimension =
  | { readonly kind: 'categorical'; readonly name: string; readonly choices: number; readonly labels?: readonly string[] }
  | { readonly kind: 'int'; readonly name: string; readonly low: number; readonly high: number; readonly log?: boolean }
  | { readonly kind: 'float'; readonly name: string; readonly low: number; readonly high: number; readonly log?: boolean };

export interface VectorView<P> {
  readonly dimensions: readonly Dimension[];
  /** One number per dimension; NaN where the dimension does not apply to p. */
  toVector(p: P): number[];
  /** An architecture from a vector (dimensions that do not apply are ignored; numbers are clipped and rounded to their dimension). */
  fromVector(v: readonly number[]): P;
}

/** The dimension checked: a clear error (naming where it was given — a space, an option —, the dimension and the fix) for bounds that cannot be searched. */
export function checkDimension(given: string, d: Dimension): Dimension {
  const where = `${given}, dimension "${d.name}"`;
  if (d.kind === 'categorical') {
    if (!(Number.isInteger(d.choices) && d.choices >= 1)) throw new Error(`${where}: a categorical dimension needs a positive whole number of choices, got ${d.choices}`);
    if (d.labels && d.labels.length !== d.choices) throw new Error(`${where}: ${d.labels.length} labels for ${d.choices} choices`);
    return d;
  }
  if (!Number.isFinite(d.low) || !Number.isFinite(d.high)) throw new Error(`${where}: bounds must be finite numbers, got low ${d.low}, high ${d.high}`);
  if (d.kind === 'float' && !(d.low < d.high)) throw new Error(`${where}: a float dimension needs low < high, got low ${d.low}, high ${d.high} (swap them, or make it a fixed setting instead of a dimension)`);
  if (d.kind === 'int' && !(Number.isInteger(d.low) && Number.isInteger(d.high) && d.low <= d.high)) throw new Error(`${where}: an int dimension needs whole bounds with low <= high, got low ${d.low}, high ${d.high}`);
  if (d.log && !(d.low > 0)) throw new Error(`${where}: a log-scaled dimension needs low > 0 (a log of ${d.low} is undefined), got low ${d.low}; start the range above 0 (e.g. 1e-6) or drop log`);
  return d;
}

/** The dimensions checked one by one, and their names distinct. */
export function checkDimensions<D extends Dimension>(given: string, dims: readonly D[]): D[] {
  const names = dims.map((d) => d.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`${given}: dimension "${twice}" is named twice`);
  return dims.map((d) => checkDimension(given, d) as D);
}

/** How far (on the 0…1 scale) a number moves to its neighbours and in a mutation step. */
export const NUMBER_STEP = 0.1;

/** A number moved `by` (on its 0…1 scale) inside its dimension; `by` = 0 snaps it to the dimension (clipped, rounded for int). */
export const shifted = (d: Exclude<Dimension, { kind: 'categorical' }>, x: number, by = 0): number => valueAt(d, unitOf(d, x) + by);

/** Where a number sits in its dimension's range, 0…1 (on the log scale for log dimensions); for the models of TPE and the predictors. */
export function unitOf(d: Exclude<Dimension, { kind: 'categorical' }>, x: number): number {
  const [lo, hi] = bounds(d);
  return ((d.log ? Math.log(x) : x) - lo) / (hi - lo);
}

/** The number at a position 0…1 of its dimension's range, clipped and (for int) rounded. */
export function valueAt(d: Exclude<Dimension, { kind: 'categorical' }>, u: number): number {
  const [lo, hi] = bounds(d);
  const t = lo + Math.min(1, Math.max(0, u)) * (hi - lo);
  const x = d.log ? Math.exp(t) : t;
  return d.kind === 'int' ? Math.min(d.high, Math.max(d.low, Math.round(x))) : Math.min(d.high, Math.max(d.low, x));
}

/** The searched range on the model's scale (log for log dimensions); an int's range is widened by half a step each side so every integer has equal room. */
function bounds(d: Exclude<Dimension, { kind: 'categorical' }>): [number, number] {
  const pad = d.kind === 'int' ? 0.5 : 0;
  const lo = d.low - pad, hi = d.high + pad;
  if (!d.log) return [lo, hi];
  return [Math.log(lo > 0 ? lo : d.low), Math.log(hi)];
}

/** Features for a predictor: one-hot for categorical dimensions, the 0…1 position for numbers, zeros where a dimension does not apply. */
export function oneHotFeatures(dims: readonly Dimension[], v: readonly number[]): number[] {
  const out: number[] = [];
  dims.forEach((d, i) => {
    if (d.kind === 'categorical') {
      for (let c = 0; c < d.choices; c++) out.push(v[i] === c ? 1 : 0);
    } else out.push(Number.isNaN(v[i]) ? 0 : unitOf(d, v[i]));
  });
  return out;
}
