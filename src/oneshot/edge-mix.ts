/**
 * How a supernet mixes the candidate ops of each edge in one forward pass: the four ways weight-sharing methods use a
 * supernet, turned into a plan for its cells.
 * - softmax: every op, weighted by softmax(α) over the edge (DARTS); an op can be left out (to measure what it is
 *   worth, as perturbation-based selection does) and edges can be fixed to one op.
 * - gumbel: one op per edge, sampled by the Gumbel-max trick from softmax((α + G)/τ); only that op runs, with a
 *   forward weight of 1 and the gradient of its soft weight (GDAS).
 * - path: one given op per edge with weight 1 and no α at all (a sampled sub-network: RSPS, ENAS, evaluation).
 */
import { add, mul } from '../core/ops/elementwise.js';
import { softmax } from '../core/ops/loss.js';
import type { Rng } from '../core/random.js';
import { Tensor } from '../core/tensor.js';
import type { CellPlan, EdgeTerms } from './super-cell.js';

export type EdgeMix =
  | { kind: 'softmax'; exclude?: { edge: number; op: number }; fixed?: readonly (number | null)[] }
  | { kind: 'gumbel'; tau: number; rng: Rng }
  | { kind: 'path'; genotype: readonly number[] };

/** A plan for every cell of a supernet with α of shape [edges, ops]; `sampled` is the genotype a gumbel plan drew. */
export function planOf(mix: EdgeMix, alpha: Tensor): { plan: CellPlan; sampled?: number[] } {
  const [edges, ops] = alpha.shape;
  const all = [...Array(ops).keys()];
  if (mix.kind === 'path') {
    if (mix.genotype.length !== edges) throw new Error(`supernet path: ${mix.genotype.length} ops for ${edges} edges`);
    return { plan: { weights: null, edges: mix.genotype.map((k) => ({ ops: [k], weightIndex: [0] })) } };
  }
  if (mix.kind === 'softmax') {
    const weights = softmax(alpha);
    const terms: EdgeTerms[] = [...Array(edges).keys()].map((e) => {
      const fixed = mix.fixed?.[e];
      if (fixed !== undefined && fixed !== null) return { ops: [fixed], weightIndex: [e * ops + fixed], values: [1] };
      const kept = all.filter((k) => !(mix.exclude && mix.exclude.edge === e && mix.exclude.op === k));
      return { ops: kept, weightIndex: kept.map((k) => e * ops + k) };
    });
    return { plan: { weights, edges: terms } };
  }
  // Gumbel noise −log(−log u), drawn here so the sample depends only on the caller's generator.
  const noise = new Float32Array(alpha.size);
  for (let i = 0; i < noise.length; i++) noise[i] = -Math.log(-Math.log(Math.min(1 - 1e-12, Math.max(1e-12, mix.rng.next()))));
  const weights = softmax(mul(add(alpha, new Tensor(noise, alpha.shape)), 1 / mix.tau));
  const sampled = [...Array(edges).keys()].map((e) => {
    let best = 0;
    for (let k = 1; k < ops; k++) if (weights.data[e * ops + k] > weights.data[e * ops + best]) best = k;
    return best;
  });
  return { plan: { weights, edges: sampled.map((k, e) => ({ ops: [k], weightIndex: [e * ops + k], values: [1] })) }, sampled };
}
