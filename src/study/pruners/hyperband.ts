/**
 * Hyperband (Li et al. 2018) over asynchronous halving: brackets b = 0…B,
 * B = ⌊log_η(max/min)⌋, bracket b's first rung at min·η^b (bracket 0 stops
 * trials earliest; bracket B trains every trial to the end). Trials are dealt to brackets in a fixed
 * cycle, bracket b getting ⌈(B+1)/(B−b+1)⌉·η^(B−b) of every cycle as in the
 * paper, so each bracket spends about the same resource; a trial competes
 * only within its bracket.
 */
import { halvingPruner } from './halving.js';
import type { PrunerEntry } from './pruner.js';

export function bracketCycle(brackets: number, eta: number): number[] {
  const cycle: number[] = [];
  for (let b = 0; b < brackets; b++) {
    const n = Math.ceil(brackets / (brackets - b)) * eta ** (brackets - 1 - b);
    for (let i = 0; i < n; i++) cycle.push(b);
  }
  return cycle;
}

export const hyperbandPruner: PrunerEntry = {
  description: 'Hyperband: halving brackets from aggressive to none, trials dealt across them',
  create(s) {
    const brackets = Math.max(1, Math.floor(Math.log(s.maxResource / s.minResource) / Math.log(s.eta) + 1e-9) + 1);
    const cycle = bracketCycle(brackets, s.eta);
    const bracketOf = (t: { position: number }) => cycle[t.position % cycle.length];
    // The last bracket trains every trial to the end (as in the paper), even where max/min is not a power of η.
    const perBracket = Array.from({ length: brackets - 1 }, (_, b) => halvingPruner(`hyperband[${b}]`, s, {
      minResource: s.minResource * s.eta ** b, bootstrap: 'best-so-far', sameGroup: (a, t) => bracketOf(a) === bracketOf(t),
    }));
    return {
      name: 'hyperband',
      shouldPrune: (objectives, trial, all) => perBracket[bracketOf(trial)]?.shouldPrune(objectives, trial, all) ?? false,
    };
  },
};
