/** Asynchronous successive halving (see halving.ts). */
import { halvingPruner } from './halving.js';
import type { PrunerEntry } from './pruner.js';

export const ashaPruner: PrunerEntry = {
  description: 'asynchronous successive halving: go on only in the top 1/η at each rung',
  create: (s) => halvingPruner('asha', s, { bootstrap: 'best-so-far' }),
};
