/** Pruners by name. */
import { OptionError } from '../../core/option-error.js';
import { ashaPruner } from './asha.js';
import { hyperbandPruner } from './hyperband.js';
import { medianPruner } from './median.js';
import type { Pruner, PrunerEntry } from './pruner.js';
import { shaPruner } from './sha.js';

export type { Pruner, PrunerEntry, PrunerSettings, PrunerTrial } from './pruner.js';

export const PRUNERS: Record<string, PrunerEntry> = {
  none: { description: 'never stop a trial early', create: () => ({ name: 'none', shouldPrune: () => false }) },
  median: medianPruner(),
  sha: shaPruner,
  asha: ashaPruner,
  hyperband: hyperbandPruner,
};

export function prunerEntry(name: string, where = 'pruner'): PrunerEntry {
  const entry = PRUNERS[name];
  if (!entry) throw new OptionError(where, `got "${name}"; expected one of ${Object.keys(PRUNERS).join(', ')}`);
  return entry;
}

/** The pruner of that name for trials that report at `steps` (epochs or fidelities, ascending); none for no name or "none". */
export function prunerForSteps(name: string | undefined, steps: readonly number[], eta: number): Pruner | undefined {
  if (name === undefined || name === 'none') return undefined;
  return prunerEntry(name).create({ minResource: steps[0], maxResource: steps[steps.length - 1], eta });
}
