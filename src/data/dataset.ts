/** In-memory datasets: row-major float32 features with integer labels or float targets. */

export type Task = 'classification' | 'regression';

export interface Split {
  /** n rows of `featureSize` values each. */
  readonly x: Float32Array;
  /** Class labels (classification). */
  readonly labels?: Int32Array;
  /** Targets, n rows of `targetSize` values (regression). */
  readonly targets?: Float32Array;
  readonly n: number;
}

export interface Dataset {
  readonly name: string;
  readonly task: Task;
  /** Shape of one example, e.g. [1, 28, 28] or [14]. */
  readonly inputShape: number[];
  readonly classes?: number;
  readonly classNames?: string[];
  readonly featureNames?: string[];
  readonly train: Split;
  /** The official test set when the source has one; otherwise carved out by `prepare`. */
  readonly test?: Split;
  /** What loading changed in the data (e.g. missing values imputed), for the user to read. */
  readonly warnings?: string[];
}

export function featureSize(d: Pick<Dataset, 'inputShape'>): number {
  return d.inputShape.reduce((a, b) => a * b, 1);
}

/** Rows `idx` of a split, copied into a new split. */
export function takeRows(s: Split, idx: ArrayLike<number>, width: number): Split {
  const x = new Float32Array(idx.length * width);
  for (let i = 0; i < idx.length; i++) x.set(s.x.subarray(idx[i] * width, (idx[i] + 1) * width), i * width);
  const labels = s.labels ? Int32Array.from(idx, (i) => s.labels![i]) : undefined;
  let targets: Float32Array | undefined;
  if (s.targets) {
    const tw = s.targets.length / s.n;
    targets = new Float32Array(idx.length * tw);
    for (let i = 0; i < idx.length; i++) targets.set(s.targets.subarray(idx[i] * tw, (idx[i] + 1) * tw), i * tw);
  }
  return { x, labels, targets, n: idx.length };
}

/** The rows of `a` followed by those of `b`. */
export function concatSplits(a: Split, b: Split): Split {
  const cat = <T extends Float32Array | Int32Array>(x: T | undefined, y: T | undefined): T | undefined => {
    if (!x || !y) return undefined;
    const out = new (x.constructor as new (n: number) => T)(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return { x: cat(a.x, b.x)!, labels: cat(a.labels, b.labels), targets: cat(a.targets, b.targets), n: a.n + b.n };
}
