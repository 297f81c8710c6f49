/** Spaces that `search --dataset` can train, by name: every cell space, the variable-depth MLP stack and the small conv stack. */
import { CELL_SPACES } from '../../arch/spaces/index.js';
import type { TrainableSpace } from '../trainable-space.js';
import { cellTrainable } from './cell.js';
import { convStackSpace } from './conv-stack.js';
import { mlpStackSpace } from './mlp-stack.js';

export const TRAINABLE_SPACES: Record<string, () => TrainableSpace> = {
  ...Object.fromEntries(Object.entries(CELL_SPACES).map(([name, make]) => [name, () => cellTrainable(make()) as TrainableSpace])),
  'mlp-stack': () => mlpStackSpace() as TrainableSpace,
  'conv-stack': () => convStackSpace() as TrainableSpace,
};

export function trainableSpace(name: string, where = '--space'): TrainableSpace {
  const make = TRAINABLE_SPACES[name];
  if (!make) throw new Error(`${where}: got "${name}"; expected one of ${Object.keys(TRAINABLE_SPACES).join(', ')}`);
  return make();
}
