/** The supernet: its skeleton, how each mix runs, gradients to α checked by finite differences, and bad input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildArchModel } from '../../src/arch/build.js';
import { validateArch } from '../../src/arch/graph.js';
import { cellSpace } from '../../src/arch/spaces/index.js';
import { backward as backwardOf, noGrad } from '../../src/core/autograd.js';
import { Rng } from '../../src/core/random.js';
import { tidy } from '../../src/core/tensor.js';
import { batches } from '../../src/data/prepare.js';
import { SGD } from '../../src/optim/sgd.js';
import { type Batch, type OneShotContext, archGradient, checkAlpha, supernetLoss } from '../../src/oneshot/context.js';
import { runOneShot, splitHalves } from '../../src/oneshot/run-oneshot.js';
import { unrolledArchGradient } from '../../src/oneshot/strategies/darts2.js';
import { Supernet } from '../../src/oneshot/supernet.js';
import { ResidualReduction } from '../../src/oneshot/residual-reduction.js';
import { circleData, toySpace } from './toy-space.js';

describe('supernet skeleton', () => {
  it('NB201: stem, cells per stage, residual reductions doubling the channels, head; every edge holds every op', () => {
    const net = new Supernet(cellSpace('nb201'), { cells: 2, inputShape: [3, 8, 8], outputs: 10, seed: 1 });
    assert.equal(net.stages.length, 3);
    assert.deepEqual(net.stages.map((s) => [s.reduction !== null, s.cells.length, s.cells[0].shape.join('x')]), [[false, 2, '16x8x8'], [true, 2, '32x4x4'], [true, 2, '64x2x2']]);
    assert.ok(net.stages[1].reduction instanceof ResidualReduction);
    assert.deepEqual(net.alpha.shape, [6, 5]);
    assert.ok(!net.weights().includes(net.alpha) && net.parameters().includes(net.alpha));
    const x = new Rng(2).normal([4, 3, 8, 8]);
    for (const mix of [{ kind: 'softmax' as const }, { kind: 'gumbel' as const, tau: 1, rng: new Rng(3) }, { kind: 'path' as const, genotype: [3, 2, 1, 4, 0, 3] }]) {
      net.mix = mix;
      tidy(() => assert.deepEqual(net.forward(x).shape, [4, 10]));
    }
  });

  it('a gumbel pass runs only the sampled op of each edge, and records the sample', () => {
    const net = new Supernet(cellSpace('mlp-cell'), { cells: 1, inputShape: [5], outputs: 3, seed: 1 });
    const calls = new Map<object, number>();
    for (const ops of net.stages[0].cells[0].candidates) for (const op of ops) {
      if (typeof op !== 'object' || op === null) continue;
      const forward = op.forward.bind(op);
      op.forward = (t) => { calls.set(op, (calls.get(op) ?? 0) + 1); return forward(t); };
    }
    net.mix = { kind: 'gumbel', tau: 1, rng: new Rng(4) };
    tidy(() => net.forward(new Rng(5).normal([2, 5])));
    const sample = net.lastSample!;
    assert.equal(sample.length, 6);
    const ran = net.stages[0].cells[0].candidates.map((ops) => ops.map((op) => (typeof op === 'object' && op !== null ? calls.get(op) ?? 0 : -1)));
    ran.forEach((row, e) => row.forEach((n, k) => { if (n >= 0) assert.equal(n, k === sample[e] ? 1 : 0, `edge ${e} op ${k}`); }));
  });

  it('derive() gives the ordinary architecture format, which builds and trains', () => {
    const space = cellSpace('nb201'), net = new Supernet(space, { cells: 1, inputShape: [3, 8, 8], outputs: 10, seed: 1 });
    net.alpha.data.set([0, 0, 0, 2, 0, /**/ 0, 3, 0, 0, 0, /**/ 0, 0, 0, 0, 1, /**/ 5, 0, 0, 0, 0, /**/ 0, 0, 1, 0, 0, /**/ 0, 0, 0, 1, 0]);
    const arch = net.derive();
    validateArch(arch);
    assert.deepEqual(net.genotype(), [3, 1, 4, 0, 2, 3]);
    const model = buildArchModel(arch, space, [3, 8, 8], 10, 2);
    assert.ok(model.parameterCount() > 0);
  });
});

/** A small search context on the circle task with the mlp-cell space (dense ops: a real Hessian between α and w). */
function context(seed: number): { ctx: OneShotContext; weightBatch: Batch; archBatch: Batch } {
  const data = circleData(200, seed), [weightHalf, archHalf] = splitHalves(data, 16, seed);
  const supernet = new Supernet(cellSpace('mlp-cell'), { cells: 1, inputShape: [2], outputs: 2, seed });
  supernet.alpha.data.set(new Rng(seed + 1).normal([supernet.alpha.size], 0, 0.5).data);
  const ctx: OneShotContext = {
    supernet, data, weightHalf, archHalf, weightOptimizer: new SGD(supernet.weights(), { lr: 0.1 }), archOptimizer: null,
    rng: new Rng(seed), epochs: 1, batchSize: 16, epoch: 0,
  };
  const first = (s: typeof weightHalf) => { const b = batches(s, [2], 16, null).next().value!; b.x.keep(); return b; };
  return { ctx, weightBatch: first(weightHalf), archBatch: first(archHalf) };
}

const lossAt = (ctx: OneShotContext, b: Batch) => noGrad(() => tidy(() => supernetLoss(ctx, b).item()));

describe('gradients with respect to α match finite differences', () => {
  it('first order: through softmax and the mixed edges', () => {
    const { ctx, archBatch } = context(1);
    archGradient(ctx, archBatch, { kind: 'softmax' });
    const analytic = Float32Array.from(ctx.supernet.alpha.grad!.data), a = ctx.supernet.alpha.data, h = 1e-2;
    for (let i = 0; i < a.length; i++) {
      const keep = a[i];
      a[i] = keep + h; const up = lossAt(ctx, archBatch);
      a[i] = keep - h; const down = lossAt(ctx, archBatch);
      a[i] = keep;
      const numeric = (up - down) / (2 * h);
      assert.ok(Math.abs(numeric - analytic[i]) < 2e-3 + 0.05 * Math.abs(numeric), `α[${i}]: analytic ${analytic[i]}, numeric ${numeric}`);
    }
  });

  it('second order: the unrolled gradient is that of L_a(w − ξ∇w L_w(w, α), α)', () => {
    const { ctx, weightBatch, archBatch } = context(2);
    const { supernet } = ctx, weights = supernet.weights(), xi = ctx.weightOptimizer.lr;
    unrolledArchGradient(ctx, weightBatch, archBatch);
    const analytic = Float32Array.from(supernet.alpha.grad!.data);
    // The check can fail: the look-ahead changes the gradient well beyond the tolerance used below.
    archGradient(ctx, archBatch, { kind: 'softmax' });
    const firstOrder = supernet.alpha.grad!.data;
    const shift = Math.max(...analytic.map((g, i) => Math.abs(g - firstOrder[i]) - 0.1 * Math.abs(g)));
    assert.ok(shift > 3e-3, `second-order and first-order gradients differ by only ${shift}`);
    const saved = weights.map((p) => Float32Array.from(p.data));
    // The unrolled objective, computed directly: one SGD step on the weight batch, then the loss on the arch batch.
    const objective = () => {
      ctx.supernet.mix = { kind: 'softmax' };
      const grads = tidy(() => {
        ctx.weightOptimizer.zeroGrad();
        const l = supernetLoss(ctx, weightBatch);
        backwardOf(l);
        return weights.map((p) => Float32Array.from(p.grad!.data));
      });
      weights.forEach((p, i) => { for (let j = 0; j < p.size; j++) p.data[j] = saved[i][j] - xi * grads[i][j]; });
      const value = lossAt(ctx, archBatch);
      weights.forEach((p, i) => p.data.set(saved[i]));
      return value;
    };
    const a = supernet.alpha.data, h = 1e-2;
    for (let i = 0; i < a.length; i++) {
      const keep = a[i];
      a[i] = keep + h; const up = objective();
      a[i] = keep - h; const down = objective();
      a[i] = keep;
      const numeric = (up - down) / (2 * h);
      assert.ok(Math.abs(numeric - analytic[i]) < 3e-3 + 0.1 * Math.abs(numeric), `α[${i}]: analytic ${analytic[i]}, numeric ${numeric}`);
    }
  });
});

describe('bad input gets a clear error', () => {
  const data = circleData(300, 1);
  it('a space with one op per edge, zero cells, max aggregation', async () => {
    const one = { ...toySpace(), ops: ['skip'] };
    assert.throws(() => new Supernet(one, { cells: 1, inputShape: [2], outputs: 2, seed: 1 }), /1 op per edge; there is nothing to choose/);
    await assert.rejects(runOneShot({ strategy: 'darts', space: toySpace(), data, cells: 0, epochs: 1, seed: 1 }), /cells per stage must be an integer ≥ 1, got 0 \(--cells\)/);
    assert.throws(() => new Supernet({ ...toySpace(), aggregation: 'max' }, { cells: 1, inputShape: [2], outputs: 2, seed: 1 }), /"max" aggregation cannot be relaxed/);
    assert.throws(() => new Supernet(toySpace(), { cells: 1, stages: 3, inputShape: [2], outputs: 2, seed: 1 }), /need image input/);
  });

  it('a dataset too small to split into two halves of a batch', async () => {
    await assert.rejects(runOneShot({ strategy: 'darts', space: toySpace(), data: circleData(100, 1), cells: 1, epochs: 1, batchSize: 64, seed: 1 }),
      /cannot be split into two halves of at least one batch \(64\) each; use a batch size of at most \d+/);
  });

  it('NaN in α stops the search with where it happened, not a garbage cell', async () => {
    const { ctx } = context(3);
    ctx.supernet.alpha.data[4] = Number.NaN;
    assert.throws(() => checkAlpha(ctx), /α became NaN at edge 1, op none in epoch 1; the search diverged/);
    await assert.rejects(runOneShot({ strategy: 'darts', space: toySpace(), data, cells: 1, epochs: 1, batchSize: 16, seed: 1, archLr: 1e38 }), /α became (NaN|-?Infinity) at edge 0/);
  });

  it('an unknown strategy names the ones there are', async () => {
    await assert.rejects(runOneShot({ strategy: 'dartz', space: toySpace(), data, cells: 1, epochs: 1, seed: 1 }), /got "dartz"; the weight-sharing strategies are darts, darts2, gdas, rsps, enas, darts-pt/);
  });
});
