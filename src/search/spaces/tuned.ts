/**
 * Any trainable space with training hyperparameters searched beside the
 * architecture: the learning rate, weight decay and batch size become
 * dimensions of each trial (log-scaled), read by the trial's trainer in place
 * of the search's fixed settings. Architecture and settings are one point,
 * so TPE and BANANAS learn which settings suit which networks.
 */
import { OptionError } from '../../core/option-error.js';
import type { Rng } from '../../core/random.js';
import { type Dimension, NUMBER_STEP, checkDimensions, shifted, unitOf, valueAt } from '../../study/dimensions.js';
import type { SearchSpace } from '../../study/space.js';
import type { TrainableSpace, TrainingSettings } from '../trainable-space.js';

type NumberDimension = Exclude<Dimension, { kind: 'categorical' }>;

/** What can be tuned, its default range, and which setting it sets. */
export const TUNABLE: Record<string, { dimension: NumberDimension; setting: keyof TrainingSettings }> = {
  lr: { dimension: { kind: 'float', name: 'lr', low: 1e-4, high: 3e-2, log: true }, setting: 'lr' },
  'weight-decay': { dimension: { kind: 'float', name: 'weight-decay', low: 1e-6, high: 1e-2, log: true }, setting: 'weightDecay' },
  'batch-size': { dimension: { kind: 'int', name: 'batch-size', low: 16, high: 512, log: true }, setting: 'batchSize' },
};

/** A tuned setting: its name and range (the default range unless given). */
export interface Tuning { name: string; low?: number; high?: number }

export interface Tuned<P> { arch: P; train: Record<string, number> }

/** Parses "lr,weight-decay=1e-6..1e-3,batch-size" into tunings, their ranges checked; `where` names the option in errors. */
export function parseTunings(text: string, where = 'tune'): Tuning[] {
  const tunings = text.split(',').map((s) => s.trim()).filter(Boolean).map((part) => {
    const [name, range, extra] = part.split('=');
    if (!TUNABLE[name] || extra !== undefined) throw new OptionError(where, `"${part}" is not NAME[=LOW..HIGH] with NAME one of ${Object.keys(TUNABLE).join(', ')} (e.g. lr=1e-4..1e-1,batch-size)`);
    if (range === undefined) return { name };
    const [low, high, more] = range.split('..').map(Number);
    if (more !== undefined || !Number.isFinite(low) || !Number.isFinite(high)) throw new OptionError(where, `range "${range}" of ${name} is not LOW..HIGH with two numbers (e.g. ${name}=1e-4..1e-1)`);
    return { name, low, high };
  });
  tunedDimensions(where, tunings);
  return tunings;
}

/** The dimensions of these tunings; `given` (a space, an option) is named in errors. */
export function tunedDimensions(given: string, tunings: readonly Tuning[]): NumberDimension[] {
  return checkDimensions(given, tunings.map((t) => {
    const entry = TUNABLE[t.name];
    if (!entry) throw new Error(`${given}: cannot tune "${t.name}"; expected one of ${Object.keys(TUNABLE).join(', ')}`);
    return { ...entry.dimension, low: t.low ?? entry.dimension.low, high: t.high ?? entry.dimension.high };
  }));
}

export function tunedSpace<P>(inner: TrainableSpace<P>, tunings: readonly Tuning[]): TrainableSpace<Tuned<P>> {
  const dims = tunedDimensions(`space ${inner.name}`, tunings);
  const s = inner.search;
  const settings = (train: Record<string, number>) => dims.map((d) => `${d.name}=${Number(train[d.name].toPrecision(4))}`).join(' ');
  const withTrain = (arch: P, train: Record<string, number>): Tuned<P> => ({ arch, train });
  const draw = (rng: Rng) => Object.fromEntries(dims.map((d) => [d.name, valueAt(d, rng.next())]));
  const nudge = (train: Record<string, number>, d: NumberDimension, by: number) => ({ ...train, [d.name]: shifted(d, train[d.name], by) });
  const isValid = (p: unknown): p is Tuned<P> => {
    const t = p as Tuned<P> | null;
    return typeof t === 'object' && t !== null && s.isValid(t.arch) && typeof t.train === 'object' && t.train !== null
      && dims.every((d) => typeof t.train[d.name] === 'number' && t.train[d.name] >= d.low && t.train[d.name] <= d.high);
  };
  const search: SearchSpace<Tuned<P>> = {
    name: `${s.name}+${dims.map((d) => d.name).join('+')}`,
    // Settings kept to 4 significant digits, so a key names what was trained.
    key: (p) => `${s.key(p.arch)} ${settings(p.train)}`,
    describe: (p) => `${s.describe(p.arch)} ${settings(p.train)}`,
    isValid, size: Infinity,
    sample: (rng) => withTrain(s.sample(rng), draw(rng)),
    mutate(p, rng) {
      if (rng.next() < 0.5) return withTrain(s.mutate(p.arch, rng), p.train);
      const d = dims[rng.int(dims.length)];
      return withTrain(p.arch, nudge(p.train, d, (rng.next() < 0.5 ? -1 : 1) * NUMBER_STEP * (1 + rng.int(3))));
    },
    crossover: (a, b, rng) => withTrain(s.crossover(a.arch, b.arch, rng), Object.fromEntries(dims.map((d) => [d.name, (rng.next() < 0.5 ? a : b).train[d.name]]))),
    neighbours: (p) => [
      ...(s.neighbours?.(p.arch) ?? []).map((a) => withTrain(a, p.train)),
      ...dims.flatMap((d) => [-NUMBER_STEP, NUMBER_STEP].map((by) => withTrain(p.arch, nudge(p.train, d, by)))),
    ],
    ...(s.draw ? { draw: (p: Tuned<P>) => s.draw!(p.arch) } : {}),
    ...(s.vector ? { vector: {
      dimensions: [...s.vector.dimensions, ...dims],
      toVector: (p: Tuned<P>) => [...s.vector!.toVector(p.arch), ...dims.map((d) => p.train[d.name])],
      fromVector(v: readonly number[]) {
        const n = s.vector!.dimensions.length;
        return withTrain(s.vector!.fromVector(v.slice(0, n)), Object.fromEntries(dims.map((d, i) => [d.name, shifted(d, v[n + i])])));
      },
    } } : {}),
    ...(s.encoding ? { encoding: {
      name: `${s.encoding.name}+settings`, size: s.encoding.size + dims.length,
      encode: (p: Tuned<P>) => [...s.encoding!.encode(p.arch), ...dims.map((d) => unitOf(d, p.train[d.name]))],
    } } : {}),
  };
  return {
    name: inner.name, description: `${inner.description}; tuned: ${dims.map((d) => `${d.name} ${d.low}..${d.high}${d.log ? ' (log)' : ''}`).join(', ')}`, search,
    build: (p, inputShape, outputs, seed) => inner.build(p.arch, inputShape, outputs, seed),
    training: (p) => Object.fromEntries(dims.map((d) => [TUNABLE[d.name].setting, p.train[d.name]])) as TrainingSettings,
  };
}
