/** A cell space's predictor features: its path encoding where that stays small, else (undefined) the space's one-hot decisions. */
import { type CellShape, pathEncoding, pathEncodingSize } from '../../arch/path-encoding.js';
import type { Encoding, Genotype } from '../../study/space.js';

/** Above this many features a predictor learns little from a few hundred trials; one-hot decisions serve better. */
const MAX_PATH_FEATURES = 4096;

export function cellPathEncoding(cell: CellShape): Encoding<Genotype> | undefined {
  const size = pathEncodingSize(cell);
  return size <= MAX_PATH_FEATURES ? { name: 'path', size, encode: (g) => pathEncoding(cell, g) } : undefined;
}
