/** Evaluation of a model on a split: loss and accuracy (classification) or MSE and R² (regression). */
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

export function evaluate(model: Module, split: Split, prep: Prepared, batchSize = 1000): Metrics {
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0, correct = 0, sq = 0;
  const preds: number[] = [];
  noGrad(() => {
    for (const b of batches(split, prep.dataset.inputShape, batchSize, null, prep.targetScale)) {
      tidy(() => {
        const out = model.forward(b.x);
        const n = b.x.shape[0];
        lossSum += taskLoss(prep, out, b.labels, b.targets).item() * n;
        if (b.labels) {
          const c = out.shape[1];
          for (let i = 0; i < n; i++) {
            let best = 0;
            for (let j = 1; j < c; j++) if (out.data[i * c + j] > out.data[i * c + best]) best = j;
            if (best === b.labels[i]) correct++;
          }
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
  const t = split.targets!;
  let mean = 0;
  for (const v of t) mean += v / t.length;
  let ssTot = 0;
  for (let i = 0; i < t.length; i++) { sq += (preds[i] - t[i]) ** 2; ssTot += (t[i] - mean) ** 2; }
  return { loss, mse: sq / t.length, r2: 1 - sq / ssTot };
}
