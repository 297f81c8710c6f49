/** Named datasets: metadata, the files each needs, and how to load it. One entry per dataset. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset, Task } from './dataset.js';
import { DataError } from './errors.js';
import type { FileSource } from './download.js';
import { deskewAndShrink } from './deskew.js';
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
  /** Where each file can be downloaded from, with its published size and MD5 (absent: not downloadable). */
  readonly sources?: FileSource[];
  load(dir: string, seed: number): Dataset;
}

const src = (file: string, md5: string, bytes: number, ...urls: string[]): FileSource => ({ file, md5, bytes, urls });
const MNIST_URLS = (f: string) => [`https://ossci-datasets.s3.amazonaws.com/mnist/${f}`, `http://yann.lecun.com/exdb/mnist/${f}`];
const FASHION_URL = (f: string) => `http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/${f}`;
const UCI = 'https://archive.ics.uci.edu/ml/machine-learning-databases';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const IDX_FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const CIFAR_FILES = ['train_first4000_of_data_batch_1.bin', 'test_first1000_of_test_batch.bin'];

const MNIST_SOURCES = [
  src(IDX_FILES[0], 'f68b3c2dcbeaaa9fbdd348bbdeb94873', 9912422, ...MNIST_URLS(IDX_FILES[0])),
  src(IDX_FILES[1], 'd53e105ee54ea40749a09fcbcd1e9432', 28881, ...MNIST_URLS(IDX_FILES[1])),
  src(IDX_FILES[2], '9fb629c4189551a2d022fa330f9573f3', 1648877, ...MNIST_URLS(IDX_FILES[2])),
  src(IDX_FILES[3], 'ec29112dd5afa0611ce80d1b7f02629c', 4542, ...MNIST_URLS(IDX_FILES[3])),
];

export const DATASETS: readonly DatasetEntry[] = [
  { name: 'mnist', description: 'MNIST handwritten digits (IDX, 60k/10k)', task: 'classification', inputShape: [1, 28, 28], classes: 10,
    folder: 'mnist', files: IDX_FILES,
    sources: MNIST_SOURCES,
    load: (d) => loadIdxDataset('mnist', d, DIGITS) },
  { name: 'mnist256', description: 'MNIST deskewed and shrunk to 16×16 (the weight-agnostic networks paper\'s input; same files as mnist)', task: 'classification',
    inputShape: [1, 16, 16], classes: 10, folder: 'mnist', files: IDX_FILES, sources: MNIST_SOURCES, load: (d) => mnist256(loadIdxDataset('mnist', d, DIGITS)) },
  { name: 'fashion-mnist', description: 'Fashion-MNIST clothing images (IDX, 60k/10k)', task: 'classification', inputShape: [1, 28, 28], classes: 10,
    folder: 'fashion-mnist', files: IDX_FILES,
    sources: [
      src(IDX_FILES[0], '8d4fb7e6c68d591d4c3dfef9ec88bf0d', 26421880, FASHION_URL(IDX_FILES[0])),
      src(IDX_FILES[1], '25c81989df183df01b3e8a0aad5dffbe', 29515, FASHION_URL(IDX_FILES[1])),
      src(IDX_FILES[2], 'bef4ecab320f06d8554ea6380940ec79', 4422102, FASHION_URL(IDX_FILES[2])),
      src(IDX_FILES[3], 'bb300cfdad3c16e7a12a480ee83cd310', 5148, FASHION_URL(IDX_FILES[3])),
    ],
    load: (d) => loadIdxDataset('fashion-mnist', d, FASHION) },
  { name: 'cifar10', description: `CIFAR-10 subset (binary format; ${CIFAR_CLASSES.length} classes, 4k/1k)`, task: 'classification', inputShape: [3, 32, 32], classes: 10,
    folder: 'cifar10-subset', files: CIFAR_FILES,
    // A subset of the official tarball: checksums for verification, but no download address of its own.
    sources: [src(CIFAR_FILES[0], '07704ae233cc40e200a600eed4f4e13c', 12292000), src(CIFAR_FILES[1], '371f65da31ad652f5e24b3699a3e6515', 3073000)],
    load: (d) => loadCifar(d, CIFAR_FILES[0], CIFAR_FILES[1]) },
  { name: 'airfoil', description: 'UCI Airfoil Self-Noise (regression, 1503 rows)', task: 'regression', inputShape: [5],
    folder: 'airfoil-self-noise', files: ['airfoil_self_noise.dat'],
    sources: [src('airfoil_self_noise.dat', '3972a8c9356256d50f350a799a381fb3', 58481, `${UCI}/00291/airfoil_self_noise.dat`)],
    load: (d) => loadAirfoil(d) },
  { name: 'poker', description: 'UCI Poker Hand (training file, 25010 rows, 10 classes)', task: 'classification', inputShape: [25], classes: 10,
    folder: 'poker-hand', files: ['poker-hand-training-true.data'],
    sources: [src('poker-hand-training-true.data', '081602fda2f47da84bc13c36d9267e61', 588684, `${UCI}/poker/poker-hand-training-true.data`)],
    load: (d) => loadPoker(d) },
  { name: 'adult', description: 'UCI Adult / Census income (>50K), official train/test', task: 'classification', inputShape: [105], classes: 2,
    folder: 'adult', files: ['adult.data', 'adult.test'],
    sources: [
      src('adult.data', '5d7c39d7b8804f071cdd1f2a7c460872', 3974305, `${UCI}/adult/adult.data`),
      src('adult.test', '35238206dfdf7f1fe215bbb874adecdc', 2003153, `${UCI}/adult/adult.test`),
    ],
    load: (d) => loadAdult(d) },
  { name: 'add10', description: 'Friedman Add10, generated (10,000 rows, seeded; no files needed)', task: 'regression', inputShape: [10],
    folder: '', files: [], load: (_d, seed) => generateAdd10(10000, seed) },
];

function mnist256(d: Dataset): Dataset {
  const shrink = (s: Dataset['train']) => ({ ...s, x: deskewAndShrink(s.x, s.n, 28, 28, 16, 16) });
  return { ...d, name: 'mnist256', inputShape: [1, 16, 16], train: shrink(d.train), test: d.test && shrink(d.test) };
}

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
