/** Seeded (stratified) splits, standardisation fitted on the training split, and mini-batches. */
import { Rng } from '../core/random.js';
import { Tensor } from '../core/tensor.js';
import { type Dataset, type Split, featureSize, takeRows } from './dataset.js';

export interface Prepared {
  dataset: Dataset;
  train: Split;
  validation: Split;
  test: Split;
  /** Per-feature mean/std applied to every split (identity for images). */
  scaler: { mean: Float32Array; std: Float32Array } | null;
  /** Regression targets are standardised too; predictions are mapped back with these. */
  targetScale: { mean: number; std: number } | null;
}

/** What a model trained on prepared data expects around it: standardised features in, standardised targets out. */
export interface Preprocessing { featureMean?: number[]; featureStd?: number[]; targetMean?: number; targetStd?: number }

/** The scalings `prepare` applied, as plain data to save with a model (empty for images and classification targets). */
export function preprocessingOf(p: Prepared): Preprocessing {
  return {
    ...(p.scaler ? { featureMean: Array.from(p.scaler.mean), featureStd: Array.from(p.scaler.std) } : {}),
    ...(p.targetScale ? { targetMean: p.targetScale.mean, targetStd: p.targetScale.std } : {}),
  };
}

export interface PrepareOptions { seed: number; validationFraction?: number; testFraction?: number; standardize?: boolean }

/** Splits indices into parts of the given fractions; by class when labels are given (stratified). */
export function stratifiedSplit(n: number, fractions: number[], rng: Rng, labels?: Int32Array): Int32Array[] {
  const groups = new Map<number, number[]>();
  const perm = rng.permutation(n);
  for (const i of perm) {
    const key = labels ? labels[i] : 0;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(i);
  }
  const parts: number[][] = fractions.map(() => []);
  for (const members of [...groups.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])) {
    let start = 0;
    fractions.forEach((f, k) => {
      const end = k === fractions.length - 1 ? members.length : start + Math.round(f * members.length);
      parts[k].push(...members.slice(start, end));
      start = end;
    });
  }
  return parts.map((p) => Int32Array.from(p.sort((a, b) => a - b)));
}

/** The default splits: a test fifth when the data has no test rows, then a validation tenth of the rest. */
export const TEST_FRACTION = 0.2, VALIDATION_FRACTION = 0.1;

export function prepare(dataset: Dataset, opts: PrepareOptions): Prepared {
  const rng = new Rng(opts.seed);
  const w = featureSize(dataset);
  const vf = opts.validationFraction ?? VALIDATION_FRACTION, tf = opts.testFraction ?? TEST_FRACTION;
  // A copy: standardising below writes into the splits, and the dataset may be prepared again (other seeds, other runs).
  let pool = dataset.train;
  let test: Split | undefined = dataset.test ? { ...dataset.test, x: dataset.test.x.slice() } : undefined;
  if (!test) {
    const [rest, held] = stratifiedSplit(pool.n, [1 - tf, tf], rng, pool.labels);
    test = takeRows(pool, held, w);
    pool = takeRows(pool, rest, w);
  }
  const [tr, va] = stratifiedSplit(pool.n, [1 - vf, vf], rng, pool.labels);
  const train = takeRows(pool, tr, w), validation = takeRows(pool, va, w);
  const standardize = opts.standardize ?? dataset.inputShape.length === 1;
  let scaler: Prepared['scaler'] = null, targetScale: Prepared['targetScale'] = null;
  if (standardize) {
    const mean = new Float32Array(w), std = new Float32Array(w);
    for (let j = 0; j < w; j++) {
      let s = 0, s2 = 0;
      for (let i = 0; i < train.n; i++) { const v = train.x[i * w + j]; s += v; s2 += v * v; }
      const m = s / train.n;
      mean[j] = m;
      std[j] = Math.sqrt(Math.max(s2 / train.n - m * m, 0)) || 1;
    }
    scaler = { mean, std };
    const apply = (sp: Split) => { for (let i = 0; i < sp.x.length; i++) sp.x[i] = (sp.x[i] - mean[i % w]) / std[i % w]; };
    [train, validation, test].forEach(apply);
  }
  if (dataset.task === 'regression' && train.targets) {
    let s = 0, s2 = 0;
    for (const v of train.targets) { s += v; s2 += v * v; }
    const m = s / train.n;
    targetScale = { mean: m, std: Math.sqrt(Math.max(s2 / train.n - m * m, 0)) || 1 };
  }
  return { dataset, train, validation, test, scaler, targetScale };
}

/** Yields shuffled mini-batches, copying only each batch's rows into a (pooled) tensor. */
export function* batches(split: Split, inputShape: number[], batchSize: number, rng: Rng | null,
  targetScale: Prepared['targetScale'] = null): Generator<{ x: Tensor; labels?: Int32Array; targets?: Tensor }> {
  const w = inputShape.reduce((a, b) => a * b, 1);
  const order = rng ? rng.permutation(split.n) : Int32Array.from({ length: split.n }, (_, i) => i);
  for (let start = 0; start < split.n; start += batchSize) {
    const idx = order.subarray(start, Math.min(split.n, start + batchSize));
    const x = Tensor.empty([idx.length, ...inputShape]);
    for (let i = 0; i < idx.length; i++) x.data.set(split.x.subarray(idx[i] * w, (idx[i] + 1) * w), i * w);
    const out: { x: Tensor; labels?: Int32Array; targets?: Tensor } = { x };
    if (split.labels) out.labels = Int32Array.from(idx, (i) => split.labels![i]);
    if (split.targets) {
      const t = Tensor.empty([idx.length, 1]);
      const m = targetScale?.mean ?? 0, s = targetScale?.std ?? 1;
      for (let i = 0; i < idx.length; i++) t.data[i] = (split.targets[idx[i]] - m) / s;
      out.targets = t;
    }
    yield out;
  }
}
