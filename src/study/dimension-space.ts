/**
 * A space made only of named dimensions, for studies of any objective (the
 * hyperparameters of a model, the settings of a simulation): each point is a
 * record from dimension name to value (a category's label, or its index when
 * it has no labels). Every strategy searches it; TPE and BOHB model it.
 */
import type { Rng } from '../core/random.js';
import { type Dimension, NUMBER_STEP, checkDimensions, oneHotFeatures, shifted, valueAt } from './dimensions.js';
import type { SearchSpace } from './space.js';

export type DimensionPoint = Record<string, number | string>;

export function dimensionSpace(name: string, dimensions: readonly Dimension[]): SearchSpace<DimensionPoint> {
  if (dimensions.length === 0) throw new Error(`space ${name}: needs at least one dimension`);
  const dims = checkDimensions(`space ${name}`, dimensions);
  const label = (d: Dimension & { kind: 'categorical' }, i: number) => d.labels?.[i] ?? i;
  const index = (d: Dimension & { kind: 'categorical' }, v: number | string) => (d.labels ? d.labels.indexOf(String(v)) : Number(v));
  const toVector = (p: DimensionPoint) => dims.map((d) => (d.kind === 'categorical' ? index(d, p[d.name]) : Number(p[d.name])));
  const fromVector = (v: readonly number[]): DimensionPoint => Object.fromEntries(dims.map((d, i) => [d.name,
    d.kind === 'categorical' ? label(d, Math.min(d.choices - 1, Math.max(0, Math.round(v[i])))) : shifted(d, v[i])]));
  const format = (p: DimensionPoint) => dims.map((d) => `${d.name}=${typeof p[d.name] === 'number' ? Number((p[d.name] as number).toPrecision(6)) : p[d.name]}`).join(' ');
  const draw = (d: Dimension, rng: Rng): number => (d.kind === 'categorical' ? rng.int(d.choices) : valueAt(d, rng.next()));
  /** The point with dimension i moved: another category, or a number `by` of its range away. */
  const moved = (p: DimensionPoint, i: number, rng: Rng, by: number): DimensionPoint => {
    const d = dims[i], v = toVector(p);
    if (d.kind === 'categorical') v[i] = d.choices > 1 ? (v[i] + 1 + rng.int(d.choices - 1)) % d.choices : v[i];
    else v[i] = shifted(d, v[i], by);
    return fromVector(v);
  };
  const finite = dims.every((d) => d.kind !== 'float');
  return {
    name, describe: format, key: format, size: finite ? dims.reduce((s, d) => s * (d.kind === 'categorical' ? d.choices : d.high - d.low + 1), 1) : Infinity,
    isValid: (p: unknown): p is DimensionPoint => typeof p === 'object' && p !== null && dims.every((d) => {
      const x = (p as DimensionPoint)[d.name];
      if (d.kind === 'categorical') { const k = index(d, x); return Number.isInteger(k) && k >= 0 && k < d.choices; }
      return typeof x === 'number' && x >= d.low && x <= d.high && (d.kind === 'float' || Number.isInteger(x));
    }),
    sample: (rng) => fromVector(dims.map((d) => draw(d, rng))),
    mutate: (p, rng) => moved(p, rng.int(dims.length), rng, (rng.next() < 0.5 ? -NUMBER_STEP : NUMBER_STEP) * (1 + rng.int(3))),
    crossover: (a, b, rng) => Object.fromEntries(dims.map((d) => [d.name, (rng.next() < 0.5 ? a : b)[d.name]])),
    neighbours: (p) => dims.flatMap((d, i) => {
      const v = toVector(p);
      if (d.kind === 'categorical') return Array.from({ length: d.choices - 1 }, (_, k) => { const n = [...v]; n[i] = (v[i] + 1 + k) % d.choices; return fromVector(n); });
      return [-NUMBER_STEP, NUMBER_STEP].map((by) => { const n = [...v]; n[i] = shifted(d, v[i], by); return fromVector(n); });
    }),
    vector: { dimensions: dims, toVector, fromVector },
    encoding: { name: 'one-hot', size: dims.reduce((s, d) => s + (d.kind === 'categorical' ? d.choices : 1), 0), encode: (p) => oneHotFeatures(dims, toVector(p)) },
  };
}
