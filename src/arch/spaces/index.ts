/** Search spaces for real training, by name (one file each). */
import type { CellSpace } from '../cell-space.js';
import { mlpCellSpace } from './mlp-cell.js';
import { mlpWidthsSpace } from './mlp-widths.js';
import { nb201Space } from './nb201.js';

export const CELL_SPACES: Record<string, () => CellSpace> = {
  nb201: () => nb201Space(),
  'mlp-cell': () => mlpCellSpace(),
  'mlp-widths': () => mlpWidthsSpace(),
};

export function cellSpace(name: string, where = '--space'): CellSpace {
  const make = CELL_SPACES[name];
  if (!make) throw new Error(`${where}: got "${name}"; expected one of ${Object.keys(CELL_SPACES).join(', ')}`);
  return make();
}
