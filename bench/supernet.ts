/**
 * The weight-sharing workload the core, memory and profile benches share: stem conv3x3+BN, one NAS-Bench-201 cell
 * whose 6 edges each carry all five ops at γ = 0.2 (the zero op is not built), head BN-ReLU-global pool-dense, for
 * 3×32×32 inputs and 10 classes.
 */
import { buildArchModel } from '../src/arch/build.js';
import { archOfGenotype } from '../src/arch/cell-space.js';
import { nb201Space } from '../src/arch/spaces/nb201.js';
import type { Module } from '../src/nn/index.js';
import { Rng } from '../src/core/random.js';
import type { Prepared } from '../src/data/prepare.js';
import type { OneShotContext } from '../src/oneshot/context.js';
import { darts } from '../src/oneshot/strategies/darts.js';
import { Supernet } from '../src/oneshot/supernet.js';
import { Adam } from '../src/optim/adam.js';
import { SGD } from '../src/optim/sgd.js';

export function supernet(channels: number): Module {
  const space = nb201Space(channels);
  const arch = archOfGenotype(space, [0, 0, 0, 0, 0, 0]);
  for (const e of arch.edges) e.gamma = e.ops.map(() => 0.2);
  return buildArchModel(arch, space, [3, 32, 32], 10, 1);
}

/**
 * One first-order DARTS step on the search supernet of `topiary search --strategy darts` (NB201 cell, 1 cell per
 * stage, 3 stages with residual reductions, `channels` channels, learnable α): an α step (Adam) on one batch, then a
 * weight step (SGD-Nesterov) on another, both batch 64 of 3×32×32 images. An epoch of that search on the 4,000-image
 * CIFAR-10 subset is 28 of these.
 */
export function dartsStep(channels: number, seed: number): () => void {
  const space = nb201Space(channels);
  const supernet = new Supernet(space, { cells: 1, inputShape: [3, 32, 32], outputs: 10, seed });
  const rng = new Rng(seed);
  const batch = () => ({ x: rng.normal([64, 3, 32, 32]).keep(), labels: Int32Array.from({ length: 64 }, (_, i) => i % 10) });
  const weightBatch = batch(), archBatch = batch();
  const task = { dataset: { task: 'classification' } } as Prepared;
  const ctx: OneShotContext = {
    supernet, data: task, weightHalf: { x: new Float32Array(0), n: 0 }, archHalf: { x: new Float32Array(0), n: 0 },
    weightOptimizer: new SGD(supernet.weights(), { lr: 0.025, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }),
    archOptimizer: new Adam([supernet.alpha], { lr: 3e-4, betas: [0.5, 0.999], weightDecay: 1e-3 }),
    rng, epochs: 1, batchSize: 64, epoch: 0,
  };
  const strategy = darts.create();
  return () => { strategy.step(ctx, weightBatch, archBatch); };
}
