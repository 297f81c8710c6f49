/** A cell space (src/arch/spaces) as a trainable space: a genotype picks one op per edge; isomorphic cells share a key (their canonical hash), so each is trained once. */
import { buildArchModel } from '../../arch/build.js';
import { archHash } from '../../arch/canonical.js';
import { archOfGenotype, type CellSpace } from '../../arch/cell-space.js';
import { formatCellString } from '../../arch/cell-string.js';
import { cellDrawing } from '../../arch/drawing.js';
import { type Genotype, categoricalSpace } from '../../study/space.js';
import type { TrainableSpace } from '../trainable-space.js';
import { cellPathEncoding } from './cell-encoding.js';

export function cellTrainable(space: CellSpace): TrainableSpace<Genotype> {
  return {
    name: space.name, description: space.description,
    search: categoricalSpace(space.name, space.edges.map(() => space.ops.length), (g) => formatCellString(archOfGenotype(space, g)), (g) => archHash(archOfGenotype(space, g)),
      (g) => cellDrawing(archOfGenotype(space, g)), cellPathEncoding(space)),
    build: (g, inputShape, outputs, seed) => buildArchModel(archOfGenotype(space, g), space, inputShape, outputs, seed),
  };
}
