/**
 * A supernet: one network that holds every architecture of a cell space at once. The macro skeleton is the space's
 * stem, `stages` stages of `cells` cells each (all cells share one set of architecture weights α, one row of
 * candidate-op logits per edge, so they all stand for the same cell), a residual reduction block between stages that
 * halves the resolution and doubles the channels (image spaces only), and the space's head. α is kept apart from the
 * network weights (`weights()` vs `alpha`) so each gets its own optimizer; `mix` says how the edges mix their ops on
 * the next forward pass, and `derive()` turns α into an architecture of the ordinary format.
 */
import { archOfGenotype, type CellSpace } from '../arch/cell-space.js';
import type { ArchGraph } from '../arch/graph.js';
import { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import { type EdgeMix, planOf } from './edge-mix.js';
import { ResidualReduction } from './residual-reduction.js';
import { SuperCell } from './super-cell.js';

export interface SupernetOptions {
  /** Cells per stage (≥ 1). */
  cells: number;
  /** Stages (default 3 for image input, 1 otherwise); stages after the first start with a residual reduction. */
  stages?: number;
  inputShape: number[];
  outputs: number;
  seed: number;
}

export class Supernet extends Module {
  /** Architecture logits, [edges, ops]: starts at 0 (every op equally likely). */
  readonly alpha: Parameter;
  readonly stem: Module | null;
  /** Stages in order: a reduction (or null) and the cells after it. */
  readonly stages: { reduction: ResidualReduction | null; cells: SuperCell[] }[] = [];
  readonly head: Module;
  mix: EdgeMix = { kind: 'softmax' };
  /** The genotype the last gumbel forward pass sampled. */
  lastSample: number[] | null = null;

  constructor(readonly space: CellSpace, readonly options: SupernetOptions) {
    super();
    if (!Number.isInteger(options.cells) || options.cells < 1) throw new Error(`supernet: cells per stage must be an integer ≥ 1, got ${options.cells} (--cells)`);
    if (space.ops.length < 2) throw new Error(`supernet: space ${space.name} has ${space.ops.length} op per edge; there is nothing to choose (a weight-sharing search needs ≥ 2 candidate ops)`);
    const image = options.inputShape.length === 3;
    const stages = options.stages ?? (image ? 3 : 1);
    if (!Number.isInteger(stages) || stages < 1) throw new Error(`supernet: stages must be an integer ≥ 1, got ${stages}`);
    if (stages > 1 && !image) throw new Error(`supernet: ${stages} stages need image input [C, H, W] for the reductions between them; got input [${options.inputShape}] (use 1 stage)`);
    const rng = new Rng(options.seed);
    const stem = space.stem(options.inputShape, rng);
    this.stem = stem.module;
    let shape = stem.shape;
    for (let s = 0; s < stages; s++) {
      let reduction: ResidualReduction | null = null;
      if (s > 0) {
        const out = ResidualReduction.outputShape(shape, shape[0] * 2);
        if (out[1] < 1 || out[2] < 1) throw new Error(`supernet: input [${options.inputShape}] is too small for ${stages} stages (each halves the resolution)`);
        reduction = new ResidualReduction(shape[0], out[0], rng);
        shape = out;
      }
      const cells = Array.from({ length: options.cells }, () => new SuperCell(space, shape, rng));
      this.stages.push({ reduction, cells });
    }
    this.head = space.head(shape, options.outputs, rng);
    this.alpha = new Parameter(new Float32Array(space.edges.length * space.ops.length), [space.edges.length, space.ops.length], 'alpha');
  }

  override ownParameters(): Parameter[] { return [this.alpha]; }
  override children(): Module[] {
    return [...(this.stem ? [this.stem] : []), ...this.stages.flatMap((s) => [...(s.reduction ? [s.reduction] : []), ...s.cells]), this.head];
  }

  /** The network weights: everything trainable but α. */
  weights(): Parameter[] { return this.trainableParameters().filter((p) => p !== this.alpha); }

  forward(x: Tensor): Tensor {
    const { plan, sampled } = planOf(this.mix, this.alpha);
    this.lastSample = sampled ?? null;
    let h = this.stem ? this.stem.forward(x) : x;
    for (const stage of this.stages) {
      if (stage.reduction) h = stage.reduction.forward(h);
      for (const cell of stage.cells) h = cell.run(h, plan);
    }
    return this.head.forward(h);
  }

  /** softmax(α) per edge, as plain numbers. */
  probabilities(): number[][] {
    const [edges, ops] = this.alpha.shape;
    return [...Array(edges).keys()].map((e) => {
      const row = Array.from(this.alpha.data.subarray(e * ops, (e + 1) * ops));
      const top = Math.max(...row), exp = row.map((a) => Math.exp(a - top)), total = exp.reduce((a, b) => a + b, 0);
      return exp.map((v) => v / total);
    });
  }

  /** The op with the largest α on each edge (first on ties). */
  genotype(): number[] {
    return this.probabilities().map((p) => p.indexOf(Math.max(...p)));
  }

  /** The discrete architecture α stands for, in the ordinary format (it builds, trains and exports like any other). */
  derive(genotype: readonly number[] = this.genotype()): ArchGraph { return archOfGenotype(this.space, genotype); }
}
