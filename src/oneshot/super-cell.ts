/**
 * One cell of a supernet: every edge holds every candidate op of the space, built once and shared by all the
 * architectures the supernet stands for. Which ops run, and with which weights, is decided per forward pass by a
 * plan (see edge-mix.ts), so one set of weights serves DARTS's soft mixture, GDAS's sampled op and a single path.
 */
import { weightedSum } from '../core/ops/weighted-sum.js';
import { mixByWeights } from '../core/ops/mix.js';
import { Tensor } from '../core/tensor.js';
import type { CellSpace } from '../arch/cell-space.js';
import type { Rng } from '../core/random.js';
import { Module } from '../nn/module.js';

/** One op on one edge as it was built: a module, the identity (null) or nothing (the zero op). */
export type CandidateOp = Module | null | 'zero';

/**
 * What one edge contributes in a forward pass: ops by index, each with its weight's index in the weight tensor and,
 * where the forward pass overrides it (a hard sample, a fixed edge), the weight value to use instead (null: none).
 */
export interface EdgeTerms { ops: number[]; weightIndex: number[]; values?: (number | null)[] }

/** How a forward pass mixes: per edge the terms; weights null means every term has weight 1 (a single path). */
export interface CellPlan { weights: Tensor | null; edges: EdgeTerms[] }

export class SuperCell extends Module {
  /** candidates[e][k]: op k of the space on edge e. */
  readonly candidates: CandidateOp[][];

  constructor(readonly space: CellSpace, readonly shape: readonly number[], rng: Rng) {
    super();
    if (space.aggregation === 'max') throw new Error(`space ${space.name}: a supernet sums or averages the edges into a vertex; "max" aggregation cannot be relaxed`);
    this.candidates = space.edges.map(() => space.ops.map((name) => {
      const built = space.op(name, [...shape], rng);
      if (built === 'zero') return 'zero';
      if (built === 'identity') return null;
      if (built.shape.join() !== shape.join()) {
        throw new Error(`space ${space.name}: op ${name} maps [${shape}] to [${built.shape}]; a supernet cell needs every op to keep the shape`);
      }
      return built.module;
    }));
  }

  override children(): Module[] {
    return this.candidates.flatMap((ops) => ops.filter((m): m is Module => m instanceof Module));
  }

  forward(): Tensor { throw new Error('SuperCell: call run(x, plan); a supernet cell needs to know which ops to mix'); }

  run(x: Tensor, plan: CellPlan): Tensor {
    const values: Tensor[] = [x];
    const rows = x.shape[0];
    for (let v = 1; v < this.space.nodes; v++) {
      const terms: Tensor[] = [], weightIndex: number[] = [], overrides: (number | null)[] = [];
      let incoming = 0;
      this.space.edges.forEach(([from, to], e) => {
        if (to !== v) return;
        incoming++;
        const edge = plan.edges[e];
        edge.ops.forEach((k, j) => {
          const op = this.candidates[e][k];
          if (op === 'zero') return;
          terms.push(op === null ? values[from] : op.forward(values[from]));
          weightIndex.push(edge.weightIndex[j]);
          overrides.push(edge.values?.[j] ?? null);
        });
      });
      const share = this.space.aggregation === 'mean' ? 1 / Math.max(1, incoming) : 1;
      if (terms.length === 0) values[v] = Tensor.zeros([rows, ...this.shape]);
      else if (plan.weights === null) values[v] = terms.length === 1 && share === 1 ? terms[0] : weightedSum(terms, terms.map(() => share));
      else {
        const w = plan.weights;
        const forward = overrides.map((f, j) => f ?? w.data[weightIndex[j]]);
        values[v] = mixByWeights(terms, w, weightIndex, { values: forward, scale: share });
      }
    }
    return values[this.space.nodes - 1];
  }
}
