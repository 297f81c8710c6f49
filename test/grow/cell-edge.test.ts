/** A cell gains an op on an empty edge: the outputs are unchanged in both modes, weights and optimizer state carried over. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, noGrad, tidy, type Tensor } from '../../src/core/index.js';
import { archOfGenotype, buildArchModel, cellSpace, NB201_OPS } from '../../src/index.js';
import type { ArchModel } from '../../src/arch/build.js';
import { BatchNorm } from '../../src/nn/batchnorm.js';
import { addCellEdge, cellEdgeRefusal } from '../../src/grow/index.js';

const op = (name: (typeof NB201_OPS)[number]) => NB201_OPS.indexOf(name);

it('adding a conv on a none edge keeps the cell\'s outputs (train and eval mode) and copies every old weight', () => {
  const space = cellSpace('nb201', 'space', { channels: 4 });
  // Edges 0→1 conv3, 0→2 none, 1→2 pool, 0→3 skip, 1→3 none, 2→3 conv1.
  const g = [op('nor_conv_3x3'), op('none'), op('avg_pool_3x3'), op('skip_connect'), op('none'), op('nor_conv_1x1')];
  const parent = buildArchModel(archOfGenotype(space, g), space, [3, 8, 8], 5, 1);
  // Non-trivial BatchNorm statistics and scales, so equal outputs are not an accident of the initial values.
  const rng = new Rng(2);
  for (const p of parent.parameters()) if (p.name !== 'weight') p.data.forEach((_, i) => { p.data[i] = p.name === 'runningVar' || p.name === 'gamma' ? 0.5 + rng.next() : rng.next() - 0.5; });
  parent.parameters()[0].slot('adam.m').fill(0.25);
  const x = new Rng(3).normal([6, 3, 8, 8]).keep();
  const out = (m: ArchModel, train: boolean) => noGrad(() => tidy(() => Float32Array.from(m.train(train).forward(x as Tensor).data)));
  for (const [edge, name] of [[1, 'nor_conv_3x3'], [4, 'nor_conv_1x1']] as const) {
    const child = addCellEdge(parent, space, { edge, op: name }, 9);
    for (const train of [false, true]) {
      const a = out(parent, train), b = out(child, train);
      const scale = Math.max(...a.map(Math.abs));
      a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-5 * scale, `edge ${edge} ${name}, ${train ? 'train' : 'eval'}: ${v} vs ${b[i]}`));
    }
    assert.equal(child.parameters()[0].slot('adam.m')[0], 0.25);
    const bn = child.edges[edge].terms[0].module!.children().find((m) => m instanceof BatchNorm) as BatchNorm;
    assert.ok(bn.gamma.data.every((v) => v === 0));
  }
  assert.match(cellEdgeRefusal(parent, space, { edge: 0, op: 'nor_conv_1x1' }) ?? '', /edge 0 \(0 → 1\) already computes nor_conv_3x3; replacing an op changes the function/);
  assert.throws(() => addCellEdge(parent, space, { edge: 1, op: 'avg_pool_3x3' }, 0), /it has no weights to start at zero/);
  assert.throws(() => addCellEdge(parent, space, { edge: 1, op: 'skip_connect' }, 0), /it has no weights to start at zero/);
  assert.match(cellEdgeRefusal(parent, space, { edge: 9, op: 'nor_conv_1x1' }) ?? '', /edge 9 does not exist/);
  x.dispose();
});
