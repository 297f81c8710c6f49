/** Evaluation of a model on a split: loss and accuracy (classification) or MSE and R² (regression). */
import { splitMetrics } from './metric-vocabulary.js';
import { noGrad } from '../core/autograd.js';
import { softmaxCrossEntropy, mse } from '../core/ops/loss.js';
import { tidy } from '../core/tensor.js';
import { Tensor } from '../core/tensor.js';
import type { Split } from '../data/dataset.js';
import { batches, type Prepared } from '../data/prepare.js';
import type { Module } from '../nn/module.js';

export interface Metrics { loss: number; accuracy?: number; mse?: number; r2?: number }

export function taskLoss(prep: Prepared, out: Tensor, labels?: Int32Array, targets?: Tensor): Tensor {
  return prep.dataset.task === 'classification' ? softmaxCrossEntropy(out, labels!) : mse(out, targets!);
}

/** How many rows of `scores` ([rows, classes], row-major) have their highest score at the label. */
export function countArgmaxHits(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const rows = labels.length, c = scores.length / Math.max(1, rows);
  let hits = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (scores[i * c + j] > scores[i * c + best]) best = j;
    if (best === labels[i]) hits++;
  }
  return hits;
}

/** Mean squared error and R² of predictions against targets (same units). */
export function regressionScores(pred: ArrayLike<number>, target: ArrayLike<number>): { mse: number; r2: number } {
  const n = target.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += target[i] / n;
  let sse = 0, sst = 0;
  for (let i = 0; i < n; i++) { sse += (pred[i] - target[i]) ** 2; sst += (target[i] - mean) ** 2; }
  return { mse: sse / n, r2: 1 - sse / sst };
}

export function evaluate(model: Module, split: Split, prep: Prepared, batchSize = 1000): Metrics {
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0, correct = 0;
  const preds: number[] = [];
  noGrad(() => {
    for (const b of batches(split, prep.dataset.inputShape, batchSize, null, prep.targetScale)) {
      tidy(() => {
        const out = model.forward(b.x);
        const n = b.x.shape[0];
        lossSum += taskLoss(prep, out, b.labels, b.targets).item() * n;
        if (b.labels) {
          correct += countArgmaxHits(out.data, b.labels);
        } else {
          const s = prep.targetScale ?? { mean: 0, std: 1 };
          for (let i = 0; i < n; i++) preds.push(out.data[i] * s.std + s.mean);
        }
      });
    }
  });
  model.train(wasTraining);
  const loss = lossSum / Math.max(1, split.n);
  if (split.labels) return { loss, accuracy: correct / Math.max(1, split.n) };
  return { loss, ...regressionScores(preds, split.targets!) };
}

/** A test score as result fields: accuracy for classification, R² and MSE for regression. */
export const testScores = (m: Metrics): { testAccuracy: number } | { testR2: number; testMSE: number } =>
  (m.accuracy !== undefined ? { testAccuracy: m.accuracy } : { testR2: m.r2!, testMSE: m.mse! });

/** A score in words: "98.12%" for classification, "R² 0.9512" for regression. */
export const formatScore = (m: Metrics): string => (m.accuracy !== undefined ? `${(m.accuracy * 100).toFixed(2)}%` : `R² ${m.r2!.toFixed(4)}`);

/** An epoch's validation score as progress lines show it: `val acc 97.12%` or `val R² 0.9123`. */
export const formatValidation = (val: Metrics): string => (val.accuracy !== undefined ? `val acc ${(val.accuracy * 100).toFixed(2)}%` : `val R² ${val.r2!.toFixed(4)}`);

/** An epoch's validation score as a run records it: `valid.accuracy` for classification, `valid.r2` for regression. */
export const validMetrics = (val: Metrics): Record<string, number> => splitMetrics('valid', val, false);

/** The training settings most loops share: epochs of mini-batches at a learning rate, all drawn from one seed. */
export interface TrainingSettings { epochs: number; batchSize: number; lr: number; seed: number }
