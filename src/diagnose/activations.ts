/** Per-neuron statistics of a layer's activations over a dataset (float64). */

export interface ActivationStats {
  neurons: number;
  samples: number;
  mean: Float64Array;
  variance: Float64Array;
  /** Neurons whose activation never changes (variance exactly 0). */
  dead: number;
  /** Neurons with variance below `threshold`. */
  deadBelowThreshold: number;
  threshold: number;
  totalVariance: number;
}

/** Statistics of `samples` × `neurons` activations (row-major); the threshold defaults to 1e-8. */
export function activationStats(acts: ArrayLike<number>, samples: number, neurons: number, threshold = 1e-8): ActivationStats {
  if (acts.length !== samples * neurons) throw new Error(`activationStats: ${acts.length} values for ${samples} samples x ${neurons} neurons`);
  if (samples < 1) throw new Error('activationStats: needs at least one sample');
  const mean = new Float64Array(neurons), m2 = new Float64Array(neurons);
  // Welford's update per neuron: stable when activations are large and nearly constant.
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < neurons; j++) {
      const v = acts[i * neurons + j];
      if (!Number.isFinite(v)) throw new Error(`activationStats: activation of neuron ${j} on sample ${i} is ${v}`);
      const d = v - mean[j];
      mean[j] += d / (i + 1);
      m2[j] += d * (v - mean[j]);
    }
  }
  const variance = Float64Array.from(m2, (v) => v / samples);
  let dead = 0, below = 0, total = 0;
  for (const v of variance) { if (v === 0) dead++; if (v < threshold) below++; total += v; }
  return { neurons, samples, mean, variance, dead, deadBelowThreshold: below, threshold, totalVariance: total };
}
