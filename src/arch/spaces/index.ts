/** Search spaces for real training, by name (one file each). */
import type { CellSpace } from '../cell-space.js';
import { mlpCellSpace } from './mlp-cell.js';
import { mlpWidthsSpace } from './mlp-widths.js';
import { nb201Space } from './nb201.js';

/** `channels`: the width of the cell's values (channels of an image cell, units of a dense one), where the space has one. */
export interface CellSpaceOptions { channels?: number }

export const CELL_SPACES: Record<string, (o?: CellSpaceOptions) => CellSpace> = {
  nb201: (o) => nb201Space(o?.channels),
  'mlp-cell': (o) => mlpCellSpace(o?.channels),
  'mlp-widths': () => mlpWidthsSpace(),
};

export function cellSpace(name: string, where = '--space', options?: CellSpaceOptions): CellSpace {
  const make = CELL_SPACES[name];
  if (!make) throw new Error(`${where}: got "${name}"; expected one of ${Object.keys(CELL_SPACES).join(', ')}`);
  return make(options);
}
