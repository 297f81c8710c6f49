/**
 * The weight-sharing workload the core, memory and profile benches share: stem conv3x3+BN, one NAS-Bench-201 cell
 * whose 6 edges each carry all five ops at γ = 0.2 (the zero op is not built), head BN-ReLU-global pool-dense, for
 * 3×32×32 inputs and 10 classes.
 */
import { buildArchModel } from '../src/arch/build.js';
import { archOfGenotype } from '../src/arch/cell-space.js';
import { nb201Space } from '../src/arch/spaces/nb201.js';
import type { Module } from '../src/nn/index.js';

export function supernet(channels: number): Module {
  const space = nb201Space(channels);
  const arch = archOfGenotype(space, [0, 0, 0, 0, 0, 0]);
  for (const e of arch.edges) e.gamma = e.ops.map(() => 0.2);
  return buildArchModel(arch, space, [3, 32, 32], 10, 1);
}
