/** A strategy that proposes the given architectures in order, then nothing: the second round of autofit's search. */
import type { StrategyEntry } from '../study/strategy.js';

export function givenList(candidates: readonly unknown[]): StrategyEntry {
  return {
    description: `the ${candidates.length} given architectures, in order`,
    create<P>() {
      let next = 0;
      return {
        name: 'given-list',
        ask: () => (next < candidates.length ? (candidates[next++] as P) : null),
        tell() { /* the list is fixed */ },
      };
    },
  };
}
