/** Spaces that `search --dataset` can train, by name: every cell space, the variable-depth MLP stack, the small conv stack and DeepSwarm's layer graph. */
import { OptionError } from '../../core/option-error.js';
import { CELL_SPACES, type CellSpaceOptions } from '../../arch/spaces/index.js';
import type { TrainableSpace } from '../trainable-space.js';
import type { InputKind } from '../../arch/layer-graph.js';
import { cellTrainable } from './cell.js';
import { convStackSpace } from './conv-stack.js';
import { layerGraphSpace } from './layer-graph.js';
import { mlpStackSpace } from './mlp-stack.js';
import { MORPH_BASES, morphTrainable } from './morph.js';
import { type Tuning, tunedSpace } from './tuned.js';

/** How a space is made: the width of cell spaces; the inputs and depth of the layer graph. */
export interface SpaceOptions extends CellSpaceOptions { input?: InputKind; maxDepth?: number }

/** `options` size the cell spaces (their width) and the layer graph; the stacks have none. */
export const TRAINABLE_SPACES: Record<string, (options?: SpaceOptions) => TrainableSpace> = {
  ...Object.fromEntries(Object.entries(CELL_SPACES).map(([name, make]) => [name, (o?: CellSpaceOptions) => cellTrainable(make(o)) as TrainableSpace])),
  'mlp-stack': () => mlpStackSpace() as TrainableSpace,
  'conv-stack': () => convStackSpace() as TrainableSpace,
  'layer-graph': (o) => layerGraphSpace(o?.input, o?.maxDepth) as TrainableSpace,
  // Worker threads build morph architectures by name; the proposing side makes its own with the data's limits.
  ...Object.fromEntries(MORPH_BASES.map((b) => [`morph:${b}`, () => morphTrainable(b) as TrainableSpace])),
};

/** The space of that name; with `tune`, its training settings searched beside the architecture. */
export function trainableSpace(name: string, where = 'space', options?: SpaceOptions, tune?: readonly Tuning[]): TrainableSpace {
  const make = TRAINABLE_SPACES[name];
  if (!make) throw new OptionError(where, `got "${name}"; expected one of ${Object.keys(TRAINABLE_SPACES).join(', ')}`);
  const space = make(options);
  return tune && tune.length > 0 ? (tunedSpace(space, tune) as TrainableSpace) : space;
}
