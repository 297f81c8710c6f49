/** Pruners by name. */
import { ashaPruner } from './asha.js';
import { hyperbandPruner } from './hyperband.js';
import { medianPruner } from './median.js';
import type { PrunerEntry } from './pruner.js';
import { shaPruner } from './sha.js';

export type { Pruner, PrunerEntry, PrunerSettings, PrunerTrial } from './pruner.js';

export const PRUNERS: Record<string, PrunerEntry> = {
  none: { description: 'never stop a trial early', create: () => ({ name: 'none', shouldPrune: () => false }) },
  median: medianPruner(),
  sha: shaPruner,
  asha: ashaPruner,
  hyperband: hyperbandPruner,
};

export function prunerEntry(name: string, where = '--pruner'): PrunerEntry {
  const entry = PRUNERS[name];
  if (!entry) throw new Error(`${where}: got "${name}"; expected one of ${Object.keys(PRUNERS).join(', ')}`);
  return entry;
}
