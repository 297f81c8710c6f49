/** Evolving layers: growth and pruning preserve the function; bookkeeping survives 1,000 random steps; runs resume exactly. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, noGrad, tidy, Tensor } from '../../src/core/index.js';
import { EvLayer, EvolvingNet, EV_OPS, trainEvolving } from '../../src/evolve/index.js';
import { generateAdd10 } from '../../src/data/tabular.js';
import { prepare } from '../../src/data/prepare.js';
import { assertClose } from '../helpers.js';

const x = new Rng(1).normal([64, 4]).keep();
const predict = (m: { forward(t: Tensor): Tensor }) => noGrad(() => tidy(() => Array.from(m.forward(x).data)));

function grown(seed: number, ops: number): EvLayer {
  const rng = new Rng(seed);
  const l = new EvLayer(4, 2, rng);
  for (let i = 0; i < ops; i++) l.addRandomOp(rng, EV_OPS);
  // Give every op some output weight so that removal would matter.
  l.weight.data.forEach((_, i) => { l.weight.data[i] = Math.sin(i + 1); });
  return l.eval();
}

describe('EvLayer', () => {
  it('adding an op leaves predictions unchanged', () => {
    const l = grown(2, 6);
    const before = predict(l);
    l.addRandomOp(new Rng(9), EV_OPS);
    l.addOp('mul', { kind: 'input', index: 0 }, { kind: 'op', index: 3 });
    assert.deepEqual(predict(l), before);
  });

  it('pruning a leaf op whose output weights are zero leaves predictions unchanged', () => {
    const l = grown(3, 8);
    const leaf = l.leafOps()[0];
    for (let j = 0; j < 2; j++) l.weight.data[j * l.weight.shape[1] + 4 + leaf] = 0;
    const before = predict(l);
    l.removeOp(leaf);
    assertClose(predict(l), before, 1e-6, 1e-6, 'predictions');
    assert.throws(() => {
      const inner = l.ops.findIndex((_, k) => !l.leafOps().includes(k));
      if (inner >= 0) l.removeOp(inner); else throw new Error('only leaf ops can be removed');
    }, /only leaf ops can be removed/);
  });

  it('index bookkeeping stays consistent over 1,000 random prune/evolve steps', () => {
    const rng = new Rng(11);
    const l = new EvLayer(4, 3, rng);
    let maxOps = 0;
    for (let step = 0; step < 1000; step++) {
      if (l.ops.length > 0 && rng.next() < 0.45) {
        const leaves = l.leafOps();
        l.removeOp(leaves[rng.int(leaves.length)]);
      } else l.addRandomOp(rng, EV_OPS, 0.2);
      maxOps = Math.max(maxOps, l.ops.length);
      assert.equal(l.weight.shape[1], 4 + l.ops.length);
      l.ops.forEach((op, k) => {
        for (const o of [op.a, op.b]) {
          if (o?.kind === 'op') assert.ok(o.index >= 0 && o.index < k, `op ${k} reads op ${o.index}`);
          if (o?.kind === 'input') assert.ok(o.index >= 0 && o.index < 4);
        }
      });
      if (step % 100 === 99) assert.ok(predict(l.eval()).every(Number.isFinite));
    }
    assert.ok(maxOps > 10, `the walk should have grown the graph (max ${maxOps})`);
  });

  it('round-trips through its JSON form and prints a formula', () => {
    const net = new EvolvingNet([grown(5, 5)]);
    const copy = EvolvingNet.fromSpec(JSON.parse(JSON.stringify(net.toSpec())));
    assert.deepEqual(predict(copy.eval()), predict(net.eval()));
    const f = net.formula()!;
    assert.match(f, /^y0 = .*\ny1 = /);
    assert.throws(() => EvolvingNet.fromSpec({ ...net.toSpec(), version: 2 as 1 }), /expected \["topiary-opgraph", 1\]/);
  });
});

describe('the evolve loop', () => {
  const data = prepare(generateAdd10(1500, 2), { seed: 2 });
  const opts = { epochs: 6, batchSize: 64, lr: 1e-2, seed: 4, allowed: EV_OPS, addPerEpoch: 2, removePerEpoch: 1, maxOps: 10, penalty: 1e-4 };

  it('grows to the cap and learns', () => {
    const r = trainEvolving(EvolvingNet.create(10, 1, [], 4), data, { ...opts, epochs: 12 });
    assert.equal(r.history.length, 12);
    assert.ok(r.net.opCount <= 10 && r.net.opCount >= 8, `ops ${r.net.opCount}`);
    assert.ok(r.history[11].val.r2! > 0.6, `val R² ${r.history[11].val.r2}`);
    assert.ok(r.history.slice(1).every((h) => h.removed.length === 1));
  });

  it('a run resumed from its mid-way checkpoint ends with the same structure and loss', () => {
    const full = trainEvolving(EvolvingNet.create(10, 1, [], 4), data, opts);
    const ck = join(mkdtempSync(join(tmpdir(), 'topiary-ev-')), 'run.json');
    trainEvolving(EvolvingNet.create(10, 1, [], 4), data, { ...opts, epochs: 3, checkpoint: ck });
    const resumed = trainEvolving(EvolvingNet.create(10, 1, [], 99), data, { ...opts, checkpoint: ck });
    assert.deepEqual(resumed.net.toSpec(), full.net.toSpec());
    assert.equal(resumed.history[5].loss, full.history[5].loss);
  });
});
