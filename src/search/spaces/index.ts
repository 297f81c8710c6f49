/** Spaces that `search --dataset` can train, by name: every cell space, the variable-depth MLP stack, the small conv stack and DeepSwarm's layer graph. */
import { CELL_SPACES, type CellSpaceOptions } from '../../arch/spaces/index.js';
import type { TrainableSpace } from '../trainable-space.js';
import { cellTrainable } from './cell.js';
import { convStackSpace } from './conv-stack.js';
import { layerGraphSpace } from './layer-graph.js';
import { mlpStackSpace } from './mlp-stack.js';
import { MORPH_BASES, morphTrainable } from './morph.js';
import { type Tuning, tunedSpace } from './tuned.js';

/** `options` size the cell spaces (their width); the stacks have none. */
export const TRAINABLE_SPACES: Record<string, (options?: CellSpaceOptions) => TrainableSpace> = {
  ...Object.fromEntries(Object.entries(CELL_SPACES).map(([name, make]) => [name, (o?: CellSpaceOptions) => cellTrainable(make(o)) as TrainableSpace])),
  'mlp-stack': () => mlpStackSpace() as TrainableSpace,
  'conv-stack': () => convStackSpace() as TrainableSpace,
  'layer-graph': () => layerGraphSpace() as TrainableSpace,
  // Worker threads build morph architectures by name; the proposing side makes its own with the data's limits.
  ...Object.fromEntries(MORPH_BASES.map((b) => [`morph:${b}`, () => morphTrainable(b) as TrainableSpace])),
};

/** The space of that name; with `tune`, its training settings searched beside the architecture. */
export function trainableSpace(name: string, where = '--space', options?: CellSpaceOptions, tune?: readonly Tuning[]): TrainableSpace {
  const make = TRAINABLE_SPACES[name];
  if (!make) throw new Error(`${where}: got "${name}"; expected one of ${Object.keys(TRAINABLE_SPACES).join(', ')}`);
  const space = make(options);
  return tune && tune.length > 0 ? (tunedSpace(space, tune) as TrainableSpace) : space;
}
