/** Grid search: every genotype in lexicographic order (last decision varies fastest). */
import type { Genotype } from '../study/space.js';
import { type StrategyEntry, requireChoices } from '../study/strategy.js';
import { categorical } from './categorical.js';

export const gridSearch: StrategyEntry = {
  description: 'every architecture in order (categorical spaces)',
  needsChoices: true,
  create: categorical('grid', (ctx) => {
    const choices = requireChoices(ctx.space, 'grid');
    const total = choices.reduce((a, b) => a * b, 1);
    let next = 0;
    return {
      name: 'grid',
      ask(): Genotype | null {
        if (next >= total) return null;
        let i = next++;
        const g = new Array<number>(choices.length);
        for (let d = choices.length - 1; d >= 0; d--) { g[d] = i % choices[d]; i = Math.floor(i / choices[d]); }
        return g;
      },
      tell() { /* grid order does not depend on results */ },
    };
  }),
};
