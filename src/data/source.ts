/**
 * Where a library call gets its data: a dataset already loaded, or a reference the library loads — a registered
 * name (`mnist`, `airfoil` …) or `csv:FILE` with its target column — from a data directory.
 */
import { OptionError } from '../core/option-error.js';
import type { Dataset, Task } from './dataset.js';
import { type Prepared, prepare } from './prepare.js';
import { resolveDataDir } from './data-dir.js';
import { datasetByName } from './in-memory.js';
import { loadDataset } from './registry.js';
import { loadCsv } from './tabular.js';

export interface DatasetRef {
  /** A registered dataset's name, or `csv:FILE`. */
  name: string;
  /** The data directory (default: $TOPIARY_DATA_DIR, else ./data). */
  dataDir?: string;
  /** The column to predict, for `csv:FILE`. */
  target?: string;
  /** classification or regression, for `csv:FILE` when the target column leaves it open. */
  task?: Task;
  /** A CSV file with the training CSV's columns, scored as the test split (with `csv:FILE` only). */
  testFile?: string;
}

/** A loaded dataset, a reference, or just a registered name (`'mnist'`, as `search` takes it). */
export type DatasetSource = Dataset | DatasetRef | string;

const isLoaded = (s: Dataset | DatasetRef): s is Dataset => 'train' in s && 'inputShape' in s;

/** The dataset `source` names, loaded (with `seed` where a loader draws a split); loader warnings go to `warn`. */
export function datasetOf(given: DatasetSource | undefined, seed: number, warn: (line: string) => void = () => {}): Dataset {
  const source = typeof given === 'string' ? { name: given } : given;
  if (source === undefined || source === null || typeof source !== 'object') {
    throw new OptionError('dataset', 'is required: a loaded Dataset, or { name } with a registered name (e.g. "mnist") or "csv:FILE" with { target }');
  }
  if (isLoaded(source)) return source;
  const { name, dataDir, target, task, testFile } = source;
  if (typeof name !== 'string' || name === '') throw new OptionError('dataset', 'needs a name (e.g. "mnist", or "csv:FILE" with a target column)');
  if (task !== undefined && task !== 'classification' && task !== 'regression') throw new OptionError('task', `got "${String(task)}"; expected classification or regression`);
  let data: Dataset;
  if (testFile !== undefined) {
    if (!name.startsWith('csv:')) throw new OptionError('test', 'scores the model on a CSV file with the columns of the training CSV; use it with a csv:FILE dataset');
    if (target === undefined) throw new OptionError('target', 'is required with a csv:FILE dataset (the column to predict)');
    data = loadCsv(name.slice(4), target, task, testFile);
  } else if (target === undefined && task === undefined) {
    // A dataset registered in memory (passed to the library, or shared with worker threads) by this name comes first.
    data = datasetByName(name, dataDir, seed);
  } else data = loadDataset(name, resolveDataDir(dataDir), seed, target, task);
  for (const w of data.warnings ?? []) warn(w);
  return data;
}

/** Inputs per example (the product of the input shape) and outputs (classes, or 1 for regression). */
export function ioSizes(data: Dataset): { inSize: number; outSize: number } {
  return { inSize: data.inputShape.reduce((a, b) => a * b, 1), outSize: data.task === 'classification' ? data.classes! : 1 };
}

/** The dataset `source` names, loaded and split with `seed`, with its input and output sizes; warnings go to `log`. */
export function preparedData(source: DatasetSource | undefined, seed: number, log: (line: string) => void = () => {}): { data: Dataset; prep: Prepared; inSize: number; outSize: number } {
  const data = datasetOf(source, seed, (w) => log(`warning: ${w}`));
  return { data, prep: prepare(data, { seed }), ...ioSizes(data) };
}
