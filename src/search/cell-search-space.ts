/** A cell space as a study space: a genotype picks one op per edge; isomorphic cells share a key (their canonical hash), so each is trained once. */
import { archHash } from '../arch/canonical.js';
import { archOfGenotype, type CellSpace } from '../arch/cell-space.js';
import { formatCellString } from '../arch/cell-string.js';
import { type Genotype, type SearchSpace, categoricalSpace } from '../study/space.js';

export function cellSearchSpace(space: CellSpace): SearchSpace<Genotype> {
  return categoricalSpace(space.name, space.edges.map(() => space.ops.length), (g) => formatCellString(archOfGenotype(space, g)), (g) => archHash(archOfGenotype(space, g)));
}
