/**
 * The path encoding of a cell (White et al., BANANAS): one feature per
 * possible sequence of ops along a path from the cell's input to its output,
 * counting how many such paths the cell has. Two cells that compute through
 * the same op sequences get the same features however their edges are
 * labelled, which is what lets a small predictor generalise between cells.
 * Edges whose op carries nothing (none / zero) cut their paths.
 */

export interface CellShape {
  readonly nodes: number;
  readonly edges: readonly (readonly [number, number])[];
  readonly ops: readonly string[];
}

const ABSENT = new Set(['none', 'zero']);

/** How many features the encoding has: Σ over path lengths ℓ = 1 … nodes−1 of (ops that carry data)^ℓ. */
export function pathEncodingSize(cell: CellShape): number {
  const m = cell.ops.filter((o) => !ABSENT.has(o)).length;
  let size = 0;
  for (let len = 1, p = m; len < cell.nodes; len++, p *= m) size += p;
  return size;
}

/** The path counts of the cell whose edge i carries op `genotype[i]`. */
export function pathEncoding(cell: CellShape, genotype: readonly number[]): number[] {
  const present = cell.ops.map((o) => !ABSENT.has(o));
  // Data-carrying ops renumbered 0…m-1, so a path is a base-m number of its length.
  const letter: number[] = [];
  let m = 0;
  for (const p of present) letter.push(p ? m++ : -1);
  const offsets = [0];
  for (let len = 1, p = m; len < cell.nodes; len++, p *= m) offsets.push(offsets[len - 1] + p);
  const out = new Array<number>(offsets[offsets.length - 1]).fill(0);
  const last = cell.nodes - 1;
  const walk = (node: number, code: number, len: number) => {
    if (node === last) { out[offsets[len - 1] + code] += 1; return; }
    cell.edges.forEach(([from, to], i) => {
      if (from !== node || !present[genotype[i]]) return;
      walk(to, code * m + letter[genotype[i]], len + 1);
    });
  };
  walk(0, 0, 0);
  return out;
}
