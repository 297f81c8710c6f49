/**
 * The NAS-Bench-201 string form generalised: one "|op~from|…|" group per
 * vertex after the input, groups joined by "+", e.g.
 * |nor_conv_3x3~0|+|skip_connect~0|none~1|. Every edge is discrete.
 */
import { type Aggregation, type ArchGraph, chosenOp, isDiscrete, validateArch } from './graph.js';

export function parseCellString(text: string, space: string, ops?: readonly string[], aggregation: Aggregation = 'sum'): ArchGraph {
  const bad = (what: string): never => { throw new Error(`cell "${text}": ${what}; expected groups like |op~0|+|op~0|op~1| (one per vertex, "+" between)`); };
  const groups = text.trim().split('+');
  const edges: ArchGraph['edges'] = [];
  groups.forEach((group, g) => {
    const to = g + 1;
    if (group !== '||' && !/^\|(?:[^|~+]+~\d+\|)+$/.test(group)) bad(`group ${g + 1} "${group}" is malformed`);
    for (const part of group.split('|').filter(Boolean)) {
      const [op, src] = part.split('~');
      const from = Number(src);
      if (from >= to) bad(`vertex ${to} reads vertex ${from}, which is not earlier`);
      if (ops && !ops.includes(op)) throw new Error(`cell "${text}": unknown op "${op}" at vertex ${to}; space "${space}" has ${ops.join(', ')}`);
      edges.push({ from, to, ops: [op], gamma: [1] });
    }
  });
  const arch: ArchGraph = { format: 'topiary-arch', version: 1, space, nodes: groups.length + 1, aggregation: groups.map(() => aggregation), edges };
  validateArch(arch, `cell "${text}"`, ops);
  return arch;
}

export function formatCellString(arch: ArchGraph): string {
  if (!isDiscrete(arch)) throw new Error('formatCellString: needs a discrete architecture (one-hot γ on every edge)');
  const groups: string[] = [];
  for (let v = 1; v < arch.nodes; v++) {
    const into = arch.edges.filter((e) => e.to === v).sort((a, b) => a.from - b.from);
    if (into.some((e) => e.from > v)) throw new Error(`formatCellString: vertex ${v} reads a later vertex; renumber the vertices in topological order`);
    groups.push(`|${into.map((e) => `${chosenOp(e)}~${e.from}`).join('|')}|`);
  }
  return groups.join('+');
}
