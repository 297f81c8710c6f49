/** Image datasets in their original binary formats: MNIST-style IDX and CIFAR-10 binary. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset, Split } from './dataset.js';
import { DataError } from './errors.js';
import { readIdx } from './idx.js';

function idxSplit(dir: string, images: string, labels: string): Split {
  const img = readIdx(join(dir, images), 0x00000803);
  const lab = readIdx(join(dir, labels), 0x00000801);
  if (img.dims[0] !== lab.dims[0]) {
    throw new DataError(join(dir, labels), `${lab.dims[0]} labels for ${img.dims[0]} images`, 'The image and label files do not belong together');
  }
  const x = new Float32Array(img.data.length);
  for (let i = 0; i < x.length; i++) x[i] = img.data[i] / 255;
  return { x, labels: Int32Array.from(lab.data), n: img.dims[0] };
}

export function loadIdxDataset(name: string, dir: string, classNames: string[]): Dataset {
  return {
    name, task: 'classification', inputShape: [1, 28, 28], classes: 10, classNames,
    train: idxSplit(dir, 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'),
    test: idxSplit(dir, 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'),
  };
}

const RECORD = 1 + 3 * 32 * 32;

function cifarSplit(path: string): Split {
  let buf: Buffer;
  try { buf = readFileSync(path); } catch {
    throw new DataError(path, 'file not found', 'Check --data-dir / TOPIARY_DATA');
  }
  if (buf.length === 0 || buf.length % RECORD !== 0) {
    throw new DataError(path, `${buf.length} bytes is not a whole number of ${RECORD}-byte CIFAR-10 records`, 'The file is truncated or not CIFAR-10 binary: download it again');
  }
  const n = buf.length / RECORD;
  const x = new Float32Array(n * (RECORD - 1)), labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    labels[r] = buf[r * RECORD];
    if (labels[r] > 9) throw new DataError(path, `record ${r} has label ${labels[r]}, expected 0-9`, 'The file is not CIFAR-10 binary');
    for (let i = 0; i < RECORD - 1; i++) x[r * (RECORD - 1) + i] = buf[r * RECORD + 1 + i] / 255;
  }
  return { x, labels, n };
}

export const CIFAR_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** The CIFAR-10 subset shipped as data_batch/test_batch-style binaries. */
export function loadCifar(dir: string, trainFile: string, testFile: string): Dataset {
  return {
    name: 'cifar10', task: 'classification', inputShape: [3, 32, 32], classes: 10, classNames: CIFAR_CLASSES,
    train: cifarSplit(join(dir, trainFile)), test: cifarSplit(join(dir, testFile)),
  };
}
