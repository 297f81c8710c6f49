/**
 * Digit classification from 16×16 deskewed MNIST (256 pixel inputs, 10
 * outputs read through a softmax), the weight-agnostic networks paper's image
 * task. During the search a score is the negative cross-entropy on a random
 * batch of training images (the same batch for the whole generation); the
 * held-out score is test accuracy.
 */
import { kernel } from '../../core/backend.js';
import { Rng } from '../../core/random.js';
import type { Dataset, Split } from '../../data/dataset.js';
import type { Network } from '../network.js';
import type { GenomeTask } from './task.js';

/** Rows of a split drawn without replacement: their pixels and labels. */
export function sampleRows(s: Split, width: number, count: number, rng: Rng): { x: Float32Array; labels: Int32Array } {
  const take = Math.min(count, s.n), pick = new Int32Array(take), chosen = new Map<number, number>();
  // A partial Fisher–Yates shuffle over the row indices, kept sparse.
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(s.n - i), vj = chosen.get(j) ?? j;
    chosen.set(j, chosen.get(i) ?? i);
    pick[i] = vj;
  }
  const x = new Float32Array(take * width), labels = new Int32Array(take);
  pick.forEach((r, i) => { x.set(s.x.subarray(r * width, (r + 1) * width), i * width); labels[i] = s.labels![r]; });
  return { x, labels };
}

export function accuracy(logits: Float32Array, labels: Int32Array, classes: number): number {
  let right = 0;
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[r * classes + c] > logits[r * classes + best]) best = c;
    if (best === labels[r]) right++;
  }
  return right / labels.length;
}

/** The mean over networks of their softmax outputs (the ensemble over shared weights). */
export function meanSoftmax(logits: Float32Array[], rows: number, classes: number): Float32Array {
  const mean = new Float32Array(rows * classes), p = new Float32Array(rows * classes);
  for (const l of logits) {
    kernel().softmax(l, p, rows, classes);
    for (let i = 0; i < p.length; i++) mean[i] += p[i] / logits.length;
  }
  return mean;
}

const negativeCrossEntropy = (logits: Float32Array, labels: Int32Array): number => {
  const loss = kernel().softmaxCrossEntropy(logits, labels, labels.length, 10, null);
  return Number.isFinite(loss) ? -loss : Number.NaN;
};

export function mnist256Task(data: Dataset, batch = 1000): GenomeTask {
  if (data.inputShape.join('x') !== '1x16x16' || data.classes !== 10 || !data.test) throw new Error(`mnist256: needs the mnist256 dataset (16×16 images, 10 classes, a test split); got ${data.name} ${data.inputShape.join('×')}`);
  const test = data.test;
  return {
    name: 'mnist256', inputs: 256, outputs: 10, outputActivation: 'linear', scoreName: 'negative cross-entropy on 1,000 training images',
    sharedScores: (net: Network, weights, evalSeed) => {
      const b = sampleRows(data.train, 256, batch, new Rng(evalSeed));
      return net.evaluateShared(b.x, b.labels.length, weights).map((l) => negativeCrossEntropy(l, b.labels));
    },
    ownScore: (net, evalSeed) => {
      const b = sampleRows(data.train, 256, batch, new Rng(evalSeed));
      return negativeCrossEntropy(net.evaluate(b.x, b.labels.length), b.labels);
    },
    heldOut: (net, weights) => net.evaluateShared(test.x, test.n, weights).map((l) => accuracy(l, test.labels!, 10)),
  };
}
