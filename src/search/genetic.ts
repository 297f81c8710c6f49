/**
 * A genetic algorithm on binary genotypes: each decision is coded in
 * ceil(log2(choices)) bits (decoded modulo the number of choices);
 * tournament selection, one-point crossover, per-bit mutation, generations of
 * `population` children bred from the best evaluated so far.
 */
import { genotypeKey } from '../study/space.js';
import { type StrategyEntry, requireChoices } from '../study/strategy.js';
import { categorical } from './categorical.js';

export function geneticAlgorithm(population = 20, mutation = 0.05, tournament = 3): StrategyEntry {
  return {
    description: `bit-coded genetic algorithm, population ${population} (categorical spaces)`,
    needsChoices: true,
    create: categorical('genetic', ({ space, rng }) => {
      const choices = requireChoices(space, 'genetic');
      const bits = choices.map((c) => Math.max(1, Math.ceil(Math.log2(c))));
      const length = bits.reduce((a, b) => a + b, 0);
      const decode = (b: number[]): number[] => {
        let pos = 0;
        return choices.map((c, d) => {
          let v = 0;
          for (let k = 0; k < bits[d]; k++) v = v * 2 + b[pos++];
          return v % c;
        });
      };
      const evaluated: { bits: number[]; fitness: number }[] = [];
      const pending = new Map<string, number[]>();
      const seen = new Set<string>();
      const pick = () => {
        let best = evaluated[rng.int(evaluated.length)];
        for (let t = 1; t < tournament; t++) { const c = evaluated[rng.int(evaluated.length)]; if (c.fitness > best.fitness) best = c; }
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
        tell(t) {
          const key = genotypeKey(t.params);
          const b = pending.get(key);
          if (b) { evaluated.push({ bits: b, fitness: t.fitness }); pending.delete(key); }
          // Keep the breeding pool to the best few generations.
          if (evaluated.length > 5 * population) { evaluated.sort((x, y) => y.fitness - x.fitness); evaluated.length = 2 * population; }
        },
      };
    }),
  };
}
