/**
 * A search space over any JSON-serialisable architecture P: fixed-length
 * genotypes, variable-length layer lists or whole graphs. Strategies use
 * only what they need: sample, mutate and crossover work everywhere; grid
 * search, REINFORCE and the bit-coded genetic algorithm need a fixed vector of
 * categorical decisions (`choices`).
 */
import type { ArchDrawing } from '../arch/drawing.js';
import type { Rng } from '../core/random.js';
import { type Dimension, type VectorView, oneHotFeatures } from './dimensions.js';

export interface SearchSpace<P = unknown> {
  readonly name: string;
  sample(rng: Rng): P;
  /** A small change of p (e.g. one decision); never p itself when the space allows another value. */
  mutate(p: P, rng: Rng): P;
  /** A child taking parts from both parents. */
  crossover(a: P, b: P, rng: Rng): P;
  /** Identity: equal keys are the same architecture (e.g. a canonical hash of isomorphic cells). */
  key(p: P): string;
  /** The architecture as text (a cell string, an --arch spec). */
  describe(p: P): string;
  /** Whether a value read back from a store belongs to this space. */
  isValid(p: unknown): p is P;
  /** How many distinct architectures there are (Infinity when unbounded). */
  readonly size: number;
  /** Fixed-length categorical spaces: the number of choices of each decision. */
  readonly choices?: readonly number[];
  /** How the architecture is drawn (a cell DAG or a layer stack); spaces without it are shown as text. */
  draw?(p: P): ArchDrawing;
  /** Typed dimensions and the vector of each architecture, for strategies that model each decision (TPE, BOHB). */
  readonly vector?: VectorView<P>;
  /** Every architecture one small change away (local search walks them); spaces without it are walked by sampled mutations. */
  neighbours?(p: P): P[];
  /** Fixed-length features of an architecture for learned predictors (BANANAS): a path encoding of cells, one-hot decisions, … */
  readonly encoding?: Encoding<P>;
}

export interface Encoding<P> {
  readonly name: string;
  readonly size: number;
  encode(p: P): number[];
}

export type Genotype = number[];

export const genotypeKey = (g: readonly number[]): string => g.join(',');

/**
 * A fixed vector of categorical decisions; `describe` names the architecture, `key` defaults to the genotype itself,
 * `encoding` (for predictors) defaults to the one-hot decisions.
 */
export function categoricalSpace(name: string, choices: readonly number[], describe: (g: readonly number[]) => string,
  key: (g: readonly number[]) => string = genotypeKey, draw?: (g: Genotype) => ArchDrawing, encoding?: Encoding<Genotype>): SearchSpace<Genotype> & { readonly choices: readonly number[] } {
  const dimensions: Dimension[] = choices.map((c, i) => ({ kind: 'categorical', name: `d${i}`, choices: c }));
  const isValid = (g: unknown): g is Genotype =>
    Array.isArray(g) && g.length === choices.length && g.every((v, i) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < choices[i]);
  return {
    name, choices, describe, key, isValid, draw,
    size: choices.reduce((a, b) => a * b, 1),
    sample: (rng) => choices.map((c) => rng.int(c)),
    mutate(g, rng) {
      const child = [...g];
      const d = rng.int(child.length);
      if (choices[d] > 1) child[d] = (child[d] + 1 + rng.int(choices[d] - 1)) % choices[d];
      return child;
    },
    crossover: (a, b, rng) => a.map((v, i) => (rng.next() < 0.5 ? v : b[i])),
    vector: { dimensions, toVector: (g) => [...g], fromVector: (v) => v.map((x, i) => Math.min(choices[i] - 1, Math.max(0, Math.round(x)))) },
    neighbours: (g) => g.flatMap((v, d) => Array.from({ length: choices[d] - 1 }, (_, k) => { const n = [...g]; n[d] = (v + 1 + k) % choices[d]; return n; })),
    encoding: encoding ?? { name: 'one-hot', size: choices.reduce((a, b) => a + b, 0), encode: (g) => oneHotFeatures(dimensions, g) },
  };
}
