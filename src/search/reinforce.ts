/**
 * A REINFORCE controller: an independent softmax policy per decision; after
 * each result, logits move along (fitness − baseline)·∇log π, with an
 * exponential moving-average baseline. Failed trials teach it nothing.
 */
import { genotypeKey } from '../study/space.js';
import { type StrategyEntry, requireChoices } from '../study/strategy.js';
import { categorical } from './categorical.js';

export function reinforce(lr = 0.1, baselineDecay = 0.9): StrategyEntry {
  return {
    description: 'REINFORCE with a softmax policy per decision (categorical spaces)',
    needsChoices: true,
    create: categorical('reinforce', ({ space, rng }) => {
      const logits = requireChoices(space, 'reinforce').map((c) => new Float64Array(c));
      let baseline: number | null = null;
      let scale = 1;
      const seen = new Set<string>();
      const probs = (l: Float64Array) => {
        const m = Math.max(...l), e = Array.from(l, (v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      };
      const sample = () => logits.map((l) => {
        const p = probs(l);
        let u = rng.next(), k = 0;
        while (k < p.length - 1 && u >= p[k]) { u -= p[k]; k++; }
        return k;
      });
      return {
        name: 'reinforce',
        ask() {
          let g = sample();
          for (let t = 0; t < 50 && seen.has(genotypeKey(g)); t++) g = sample();
          seen.add(genotypeKey(g));
          return g;
        },
        tell({ params: g, fitness: score }) {
          if (!Number.isFinite(score)) return;
          if (baseline === null) { baseline = score; return; }
          const advantage = (score - baseline) / scale;
          scale = baselineDecay * scale + (1 - baselineDecay) * Math.max(1e-6, Math.abs(score - baseline));
          baseline = baselineDecay * baseline + (1 - baselineDecay) * score;
          g.forEach((k, d) => {
            const p = probs(logits[d]);
            for (let j = 0; j < p.length; j++) logits[d][j] += lr * advantage * ((j === k ? 1 : 0) - p[j]);
          });
        },
      };
    }),
  };
}
