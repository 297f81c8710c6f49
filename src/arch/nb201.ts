/**
 * The NAS-Bench-201 cell: 4 nodes, 6 edges (j ← i for i < j), one of five ops
 * per edge, written |op~0|+|op~0|op~1|+|op~0|op~1|op~2|.
 */
export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
export type Nb201Op = (typeof NB201_OPS)[number];
/** Edge order of the string form: (1←0), (2←0), (2←1), (3←0), (3←1), (3←2). */
export const NB201_EDGES: readonly [number, number][] = [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]];

/** Op indices (into NB201_OPS) for the six edges. */
export type Nb201Genotype = number[];

export function parseNb201(text: string): Nb201Genotype {
  const nodes = text.trim().split('+');
  if (nodes.length !== 3) throw new Error(`NB201 cell "${text}": expected 3 node groups separated by "+", got ${nodes.length}`);
  const ops: number[] = [];
  nodes.forEach((group, j) => {
    const parts = group.split('|').filter((s) => s.length > 0);
    if (parts.length !== j + 1) throw new Error(`NB201 cell "${text}": node ${j + 1} needs ${j + 1} inputs, got ${parts.length}`);
    parts.forEach((p, i) => {
      const [op, from] = p.split('~');
      const k = NB201_OPS.indexOf(op as Nb201Op);
      if (k < 0) throw new Error(`NB201 cell "${text}": unknown op "${op}"; expected one of ${NB201_OPS.join(', ')}`);
      if (Number(from) !== i) throw new Error(`NB201 cell "${text}": node ${j + 1} input ${i} reads node ${from}, expected ${i}`);
      ops.push(k);
    });
  });
  return ops;
}

export function formatNb201(g: Nb201Genotype): string {
  if (g.length !== 6 || g.some((k) => !(k >= 0 && k < NB201_OPS.length && Number.isInteger(k)))) {
    throw new Error(`formatNb201: expected 6 op indices in 0..${NB201_OPS.length - 1}, got [${g}]`);
  }
  const op = (e: number, from: number) => `${NB201_OPS[g[e]]}~${from}`;
  return `|${op(0, 0)}|+|${op(1, 0)}|${op(2, 1)}|+|${op(3, 0)}|${op(4, 1)}|${op(5, 2)}|`;
}
