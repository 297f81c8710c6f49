/**
 * Digit classification from 16×16 deskewed MNIST (256 pixel inputs, 10
 * outputs read through a softmax), the weight-agnostic networks paper's image
 * task. During the search a score is the negative cross-entropy on a random
 * batch of training images (the same batch for the whole generation); the
 * held-out score is test accuracy.
 */
import { kernel } from '../../core/backend.js';
import { Rng } from '../../core/random.js';
import { type Dataset, type Split, takeRows } from '../../data/dataset.js';
import { countArgmaxHits } from '../../train/metrics.js';
import { ACTIVATION_NAMES } from '../activations.js';
import { type Network, compile } from '../network.js';
import { trainGenomeWeights } from '../train-weights.js';
import type { GenomeTask } from './task.js';

/** `count` distinct row indices of an n-row split (a partial Fisher–Yates shuffle, kept sparse). */
function sampleIndices(n: number, count: number, rng: Rng): Int32Array {
  const take = Math.min(count, n), pick = new Int32Array(take), moved = new Map<number, number>();
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(n - i);
    pick[i] = moved.get(j) ?? j;
    moved.set(j, moved.get(i) ?? i);
  }
  return pick;
}

const negativeCrossEntropy = (logits: Float32Array, labels: Int32Array): number => {
  const loss = kernel().softmaxCrossEntropy(logits, labels, labels.length, 10, null);
  return Number.isFinite(loss) ? -loss : Number.NaN;
};

/** Passes over the 60,000 training images when the found network's own weights are trained. */
const TRAINED_EPOCHS = 10;

export function mnist256Task(data: Dataset, batch = 1000): GenomeTask {
  if (data.inputShape.join('x') !== '1x16x16' || data.classes !== 10 || !data.test) throw new Error(`mnist256: needs the mnist256 dataset (16×16 images, 10 classes, a test split); got ${data.name} ${data.inputShape.join('×')}`);
  const test = data.test;
  // Every genome of a generation is scored on the same batch: drawn once per seed, not once per genome.
  let batchSeed: number | null = null, drawn: Split | null = null;
  const batchOf = (evalSeed: number): Split => {
    if (batchSeed !== evalSeed) { drawn = takeRows(data.train, sampleIndices(data.train.n, batch, new Rng(evalSeed)), 256); batchSeed = evalSeed; }
    return drawn!;
  };
  return {
    name: 'mnist256', inputs: 256, outputs: 10, outputActivation: 'linear', scoreName: 'negative cross-entropy on 1,000 training images',
    // The authors' settings: 5% of the 2,570 input→output connections at first, tournaments of 32, no step units.
    wannDefaults: { initEnable: 0.05, tournament: 32, hiddenActivations: ACTIVATION_NAMES.filter((a) => a !== 'step') },
    sharedScores: (net: Network, weights, evalSeed) => {
      const b = batchOf(evalSeed);
      return net.evaluateShared(b.x, b.n, weights).map((l) => negativeCrossEntropy(l, b.labels!));
    },
    ownScore: (net, evalSeed) => {
      const b = batchOf(evalSeed);
      return negativeCrossEntropy(net.evaluate(b.x, b.n), b.labels!);
    },
    heldOut: (net, weights) => net.evaluateShared(test.x, test.n, weights).map((l) => countArgmaxHits(l, test.labels!) / test.n),
    heldOutOwn: (net) => countArgmaxHits(net.evaluate(test.x, test.n), test.labels!) / test.n,
    heldOutEnsemble: (net, weights) => {
      const mean = new Float32Array(test.n * 10), p = new Float32Array(test.n * 10);
      for (const logits of net.evaluateShared(test.x, test.n, weights)) {
        kernel().softmax(logits, p, test.n, 10);
        for (let i = 0; i < p.length; i++) mean[i] += p[i];
      }
      return countArgmaxHits(mean, test.labels!) / test.n;
    },
    trainedHeldOut: (g, startWeight, seed) => {
      const trained = trainGenomeWeights(g, { x: data.train.x, labels: data.train.labels!, n: data.train.n }, { startWeight, seed, epochs: TRAINED_EPOCHS });
      return countArgmaxHits(compile(trained).evaluate(test.x, test.n), test.labels!) / test.n;
    },
  };
}
