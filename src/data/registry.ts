/** Named datasets: metadata, the files each needs, and how to load it. One entry per dataset. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset, Task } from './dataset.js';
import { DataError } from './errors.js';
import { CIFAR_CLASSES, loadCifar, loadIdxDataset } from './images.js';
import { generateAdd10, loadAdult, loadAirfoil, loadCsv, loadPoker } from './tabular.js';

export interface DatasetEntry {
  readonly name: string;
  readonly description: string;
  readonly task: Task;
  readonly inputShape: number[];
  readonly classes?: number;
  /** Folder under the data directory, and the files the loader reads (empty: generated). */
  readonly folder: string;
  readonly files: string[];
  load(dir: string, seed: number): Dataset;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const IDX_FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const CIFAR_FILES = ['train_first4000_of_data_batch_1.bin', 'test_first1000_of_test_batch.bin'];

export const DATASETS: readonly DatasetEntry[] = [
  { name: 'mnist', description: 'MNIST handwritten digits (IDX, 60k/10k)', task: 'classification', inputShape: [1, 28, 28], classes: 10,
    folder: 'mnist', files: IDX_FILES, load: (d) => loadIdxDataset('mnist', d, DIGITS) },
  { name: 'fashion-mnist', description: 'Fashion-MNIST clothing images (IDX, 60k/10k)', task: 'classification', inputShape: [1, 28, 28], classes: 10,
    folder: 'fashion-mnist', files: IDX_FILES, load: (d) => loadIdxDataset('fashion-mnist', d, FASHION) },
  { name: 'cifar10', description: `CIFAR-10 subset (binary format; ${CIFAR_CLASSES.length} classes, 4k/1k)`, task: 'classification', inputShape: [3, 32, 32], classes: 10,
    folder: 'cifar10-subset', files: CIFAR_FILES, load: (d) => loadCifar(d, CIFAR_FILES[0], CIFAR_FILES[1]) },
  { name: 'airfoil', description: 'UCI Airfoil Self-Noise (regression, 1503 rows)', task: 'regression', inputShape: [5],
    folder: 'airfoil-self-noise', files: ['airfoil_self_noise.dat'], load: (d) => loadAirfoil(d) },
  { name: 'poker', description: 'UCI Poker Hand (training file, 25010 rows, 10 classes)', task: 'classification', inputShape: [25], classes: 10,
    folder: 'poker-hand', files: ['poker-hand-training-true.data'], load: (d) => loadPoker(d) },
  { name: 'adult', description: 'UCI Adult / Census income (>50K), official train/test', task: 'classification', inputShape: [105], classes: 2,
    folder: 'adult', files: ['adult.data', 'adult.test'], load: (d) => loadAdult(d) },
  { name: 'add10', description: 'Friedman Add10, generated (10,000 rows, seeded; no files needed)', task: 'regression', inputShape: [10],
    folder: '', files: [], load: (_d, seed) => generateAdd10(10000, seed) },
];

export function findDataset(name: string): DatasetEntry {
  const e = DATASETS.find((d) => d.name === name);
  if (!e) throw new DataError(`dataset "${name}"`, 'unknown dataset', `Use one of: ${DATASETS.map((d) => d.name).join(', ')}, or csv:PATH with --target COLUMN`);
  return e;
}

/** Loads a named dataset, or `csv:PATH` (needs `target`). */
export function loadDataset(name: string, dataDir: string, seed: number, target?: string, task?: Task): Dataset {
  if (name.startsWith('csv:')) {
    if (!target) throw new DataError(`dataset "${name}"`, 'a CSV dataset needs a target column', 'Pass --target COLUMN');
    return loadCsv(name.slice(4), target, task);
  }
  const entry = findDataset(name);
  const dir = join(dataDir, entry.folder);
  for (const f of entry.files) {
    if (!existsSync(join(dir, f))) {
      throw new DataError(join(dir, f), 'file not found', `Put the ${entry.name} files in ${dir} (or point --data-dir / TOPIARY_DATA at a folder holding ${entry.folder}/)`);
    }
  }
  return entry.load(dir, seed);
}
