/** Successive halving that fills each rung with η trials before it stops any (see halving.ts). */
import { halvingPruner } from './halving.js';
import type { PrunerEntry } from './pruner.js';

export const shaPruner: PrunerEntry = {
  description: 'successive halving: fill each rung with η trials, then keep the top 1/η',
  create: (s) => halvingPruner('sha', s, { bootstrap: 'fill-rung' }),
};
