/** Weight-sharing strategies by name (one file each). */
import type { OneShotEntry } from '../strategy.js';
import { darts } from './darts.js';
import { darts2 } from './darts2.js';
import { dartsPt } from './darts-pt.js';
import { enas } from './enas.js';
import { gdas } from './gdas.js';
import { rsps } from './rsps.js';

export const ONESHOT_STRATEGIES: Record<string, OneShotEntry> = { darts, darts2, gdas, rsps, enas, 'darts-pt': dartsPt };

export const isOneShotStrategy = (name: string): boolean => name in ONESHOT_STRATEGIES;

export function oneShotEntry(name: string, where = '--strategy'): OneShotEntry {
  const entry = ONESHOT_STRATEGIES[name];
  if (!entry) throw new Error(`${where}: got "${name}"; the weight-sharing strategies are ${Object.keys(ONESHOT_STRATEGIES).join(', ')}`);
  return entry;
}
