/**
 * A genetic algorithm on binary genotypes: each decision is coded in
 * ceil(log2(choices)) bits (decoded modulo the number of choices);
 * tournament selection, one-point crossover, per-bit mutation, generations of
 * `population` children bred from the best evaluated so far.
 */
import type { Rng } from '../core/random.js';
import { type SearchSpace, genotypeKey } from './space.js';
import type { SearchStrategy } from './strategy.js';

export function geneticAlgorithm(space: SearchSpace, rng: Rng, population = 20, mutation = 0.05, tournament = 3): SearchStrategy {
  const bits = space.choices.map((c) => Math.max(1, Math.ceil(Math.log2(c))));
  const length = bits.reduce((a, b) => a + b, 0);
  const decode = (b: number[]): number[] => {
    let pos = 0;
    return space.choices.map((c, d) => {
      let v = 0;
      for (let k = 0; k < bits[d]; k++) v = v * 2 + b[pos++];
      return v % c;
    });
  };
  const evaluated: { bits: number[]; score: number }[] = [];
  const pending = new Map<string, number[]>();
  const seen = new Set<string>();
  const pick = () => {
    let best = evaluated[rng.int(evaluated.length)];
    for (let t = 1; t < tournament; t++) { const c = evaluated[rng.int(evaluated.length)]; if (c.score > best.score) best = c; }
    return best.bits;
  };
  const breed = (): number[] => {
    if (evaluated.length < population) return Array.from({ length }, () => rng.int(2));
    const [a, b] = [pick(), pick()];
    const cut = 1 + rng.int(length - 1);
    return a.map((v, i) => ((i < cut ? v : b[i]) ^ (rng.next() < mutation ? 1 : 0)));
  };
  return {
    name: 'genetic',
    ask() {
      let b = breed(), g = decode(b);
      for (let t = 0; t < 50 && seen.has(genotypeKey(g)); t++) { b = breed(); g = decode(b); }
      seen.add(genotypeKey(g));
      pending.set(genotypeKey(g), b);
      return g;
    },
    tell(g, score) {
      const b = pending.get(genotypeKey(g));
      if (b) { evaluated.push({ bits: b, score }); pending.delete(genotypeKey(g)); }
      // Keep the breeding pool to the best few generations.
      if (evaluated.length > 5 * population) { evaluated.sort((x, y) => y.score - x.score); evaluated.length = 2 * population; }
    },
  };
}
