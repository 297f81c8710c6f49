/**
 * A cell gains an op on an edge that had none: the child cell is built with the op there, every weight the
 * parent had is copied over (with its optimizer state), and the new op starts with its output at exactly zero
 * — its last BatchNorm with scale and shift 0 (zero in training and evaluation mode alike), or its last
 * dense or conv layer with zero weights. The sum at the edge's vertex is then what it was. An op without
 * weights (a pooling, a skip connection) cannot start at zero, so adding one is refused.
 */
import { type ArchModel, buildArchModel } from '../arch/build.js';
import type { CellSpace } from '../arch/cell-space.js';
import { ZERO_OPS } from '../arch/graph.js';
import { Affine } from '../nn/affine.js';
import { BatchNorm } from '../nn/batchnorm.js';
import type { Module } from '../nn/module.js';
import type { Parameter } from '../nn/parameter.js';

export interface CellEdgeStep { edge: number; op: string }

/** The last module of `m`'s tree that holds weights (depth first, children in order). */
function lastWeighted(m: Module): Module | null {
  for (const c of [...m.children()].reverse()) { const found = lastWeighted(c); if (found) return found; }
  return m.ownParameters().some((p) => p.requiresGrad) ? m : null;
}

/** Why `step` cannot add an op to `parent` with its function preserved, or null. */
export function cellEdgeRefusal(parent: ArchModel, space: CellSpace, step: CellEdgeStep): string | null {
  const e = parent.arch.edges[step.edge];
  if (!e) return `edge ${step.edge} does not exist: the cell has edges 0 to ${parent.arch.edges.length - 1}`;
  if (!space.ops.includes(step.op) || ZERO_OPS.includes(step.op)) return `op "${step.op}" is not an op of space ${space.name} that computes something (${space.ops.filter((o) => !ZERO_OPS.includes(o)).join(', ')})`;
  const live = e.ops.filter((o, k) => e.gamma[k] !== 0 && !ZERO_OPS.includes(o));
  if (live.length > 0) return `edge ${step.edge} (${e.from} → ${e.to}) already computes ${live.join(' + ')}; replacing an op changes the function, only an edge without one can gain one`;
  return null;
}

export function addCellEdge(parent: ArchModel, space: CellSpace, step: CellEdgeStep, seed: number): ArchModel {
  const why = cellEdgeRefusal(parent, space, step);
  if (why !== null) throw new Error(`cannot add ${step.op} on edge ${step.edge}: ${why}`);
  const arch = structuredClone(parent.arch);
  const e = arch.edges[step.edge];
  if (!e.ops.includes(step.op)) e.ops.push(step.op);
  e.gamma = e.ops.map((o) => (o === step.op ? 1 : 0));
  const child = buildArchModel(arch, space, parent.inputShape, parent.outputs, seed);
  const added = child.edges[step.edge].terms.flatMap((t) => (t.module ? [t.module] : []));
  const last = added.length ? lastWeighted(added[0]) : null;
  if (!last) throw new Error(`cannot add ${step.op} on edge ${step.edge}: it has no weights to start at zero, so it would change the function`);
  if (last instanceof BatchNorm) { last.gamma.data.fill(0); last.beta.data.fill(0); }
  else if (last instanceof Affine) { last.weight.data.fill(0); last.bias?.data.fill(0); }
  else throw new Error(`cannot add ${step.op} on edge ${step.edge}: its last layer (${last.constructor.name}) cannot be set to give zero`);
  // Everything but the new op, in the same order in both cells.
  const skip = new Set(added.flatMap((m) => m.parameters()));
  copyParameters(parent.parameters(), child.parameters().filter((p) => !skip.has(p)));
  return child;
}

function copyParameters(from: Parameter[], to: Parameter[]): void {
  if (from.length !== to.length) throw new Error(`addCellEdge: the parent has ${from.length} parameters and the child ${to.length} besides the new op`);
  from.forEach((p, i) => {
    const q = to[i];
    if (p.size !== q.size) throw new Error(`addCellEdge: parameter ${i} ("${p.name}") has ${p.size} values in the parent and ${q.size} in the child`);
    q.data.set(p.data);
    for (const [k, slot] of p.slots) q.slot(k).set(slot);
  });
}
