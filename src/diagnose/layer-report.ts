/** Everything the diagnostics say about one layer's activations, as plain data. */
import { type ActivationStats, activationStats } from './activations.js';
import { type ExpNormalFit, type GammaFit, fitExpNormal, fitTwoGammas } from './mixtures.js';
import { pca } from './pca.js';
import { type ShapiroResult, shapiroWilk } from './shapiro.js';

export interface LayerReport extends Pick<ActivationStats, 'neurons' | 'samples' | 'dead' | 'deadBelowThreshold' | 'threshold' | 'totalVariance'> {
  variances: number[];
  /** Shapiro-Wilk on the per-neuron variances (null with a reason when undefined, e.g. all equal). */
  shapiro: ShapiroResult | { error: string };
  expNormal: ExpNormalFit | { error: string };
  twoGammas: GammaFit | { error: string };
  /** Absent when not requested (PCA costs O(min(samples, neurons)³)). */
  pca?: { samples: number; explainedVarianceRatio: number[]; componentsFor90: number; componentsFor99: number; reconstructionError: { k: number; mse: number }[] };
}

export interface LayerReportOptions { threshold?: number; pcaSamples?: number }

const attempt = <T>(f: () => T): T | { error: string } => { try { return f(); } catch (e) { return { error: (e as Error).message }; } };

export function layerReport(acts: Float32Array, samples: number, neurons: number, opts: LayerReportOptions = {}): LayerReport {
  const threshold = opts.threshold ?? 1e-8;
  if (neurons === 0) throw new Error('layer has no neurons left (empty layer)');
  const s = activationStats(acts, samples, neurons, threshold);
  const variances = Array.from(s.variance);
  // Royston's approximation stops at 5000: larger layers are tested on an evenly spaced subsample of neurons.
  const forTest = variances.length > 5000 ? variances.filter((_, i) => i % Math.ceil(variances.length / 5000) === 0) : variances;
  const ps = Math.min(samples, opts.pcaSamples ?? 0);
  const p = ps >= 2 ? pca(acts.subarray(0, ps * neurons), ps, neurons) : null;
  const ks = [...new Set([1, 2, 5, 10, 20, 50, 100].filter((k) => k <= neurons).concat([neurons]))];
  return {
    neurons, samples, dead: s.dead, deadBelowThreshold: s.deadBelowThreshold, threshold, totalVariance: s.totalVariance, variances,
    shapiro: attempt(() => shapiroWilk(forTest)),
    expNormal: attempt(() => fitExpNormal(variances)),
    twoGammas: attempt(() => fitTwoGammas(variances)),
    pca: p === null ? undefined : {
      samples: ps,
      explainedVarianceRatio: p.explainedVarianceRatio.slice(0, Math.min(50, neurons)),
      componentsFor90: p.componentsFor(0.9), componentsFor99: p.componentsFor(0.99),
      reconstructionError: ks.map((k) => ({ k, mse: p.reconstructionError(k) })),
    },
  };
}
