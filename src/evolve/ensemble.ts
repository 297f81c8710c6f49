/** An ensemble of evolved networks scored as one: their predictions averaged. */
import { noGrad } from '../core/autograd.js';
import { softmax } from '../core/ops/loss.js';
import { tidy } from '../core/tensor.js';
import type { Split } from '../data/dataset.js';
import { batches, type Prepared } from '../data/prepare.js';
import { countArgmaxHits, regressionScores } from '../train/metrics.js';
import type { EvolvingNet } from './ev-net.js';

/** Averages the members' predictions (class probabilities, or de-standardised values) and scores them. */
export function ensembleMetrics(nets: EvolvingNet[], split: Split, prep: Prepared): { accuracy?: number; r2?: number; mse?: number } {
  const preds: number[][] = [];
  for (const net of nets) {
    net.eval();
    const p: number[] = [];
    noGrad(() => {
      for (const b of batches(split, prep.dataset.inputShape, 1000, null)) {
        tidy(() => { const out = net.forward(b.x); p.push(...(split.labels ? softmax(out) : out).data); });
        b.x.dispose();
      }
    });
    preds.push(p);
  }
  const avg = preds[0].map((_, i) => preds.reduce((s, p) => s + p[i], 0) / preds.length);
  if (split.labels) return { accuracy: countArgmaxHits(avg, split.labels) / split.n };
  const s = prep.targetScale ?? { mean: 0, std: 1 };
  return regressionScores(avg.map((v) => v * s.std + s.mean), split.targets!);
}
