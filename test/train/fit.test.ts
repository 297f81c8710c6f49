/** fit(): learns, stops on time budget / patience, and resumes from a checkpoint exactly. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAdd10 } from '../../src/data/tabular.js';
import { prepare } from '../../src/data/prepare.js';
import { buildModel, parseArch } from '../../src/nn/spec.js';
import { Adam } from '../../src/optim/adam.js';
import { cosine } from '../../src/optim/schedules.js';
import { fit } from '../../src/train/fit.js';
import { evaluate } from '../../src/train/metrics.js';

const data = prepare(generateAdd10(2000, 1), { seed: 1 });
const spec = parseArch('mlp:10-32-1', [10]);

describe('fit', () => {
  it('learns Add10 (test R² > 0.8 after 30 epochs) and calls the callbacks', () => {
    const model = buildModel(spec, 1);
    let epochs = 0, batchesSeen = 0;
    const r = fit(model, data, { epochs: 30, batchSize: 32, optimizer: new Adam(model.parameters(), { lr: 3e-3 }), seed: 1,
      callbacks: { onEpochEnd: () => { epochs++; }, onBatchEnd: () => { batchesSeen++; } } });
    assert.equal(r.stoppedBy, 'epochs');
    assert.equal(epochs, 30);
    assert.equal(batchesSeen, 30 * Math.ceil(data.train.n / 32));
    assert.ok(evaluate(model, data.test, data).r2! > 0.8);
  });

  it('stops on the time budget and on patience', () => {
    const m1 = buildModel(spec, 1);
    const r1 = fit(m1, data, { epochs: 10000, batchSize: 32, optimizer: new Adam(m1.parameters()), seed: 1, timeBudgetSeconds: 0.3 });
    assert.equal(r1.stoppedBy, 'time-budget');
    const m2 = buildModel(spec, 1);
    const r2 = fit(m2, data, { epochs: 1000, batchSize: 32, optimizer: new Adam(m2.parameters(), { lr: 0.5 }), seed: 1, patience: 2 });
    assert.equal(r2.stoppedBy, 'early-stopping');
  });

  it('a time schedule anneals the learning rate over the budget and needs a budget', () => {
    const m = buildModel(spec, 1);
    const r = fit(m, data, { epochs: 10000, batchSize: 32, optimizer: new Adam(m.parameters(), { lr: 1e-2 }), seed: 1, timeBudgetSeconds: 0.5, timeSchedule: cosine(1e-2, 1) });
    const lrs = r.history.map((h) => h.lr);
    assert.ok(lrs.length >= 3, `epochs ${lrs.length}`);
    assert.ok(lrs.every((lr, i) => i === 0 || lr <= lrs[i - 1]), `not annealing: ${lrs.join(', ')}`);
    assert.ok(lrs[0] > 5e-3 && lrs[lrs.length - 1] < 5e-4, `from ${lrs[0]} to ${lrs[lrs.length - 1]}`);
    assert.throws(() => fit(m, data, { epochs: 1, batchSize: 32, optimizer: new Adam(m.parameters()), seed: 1, timeSchedule: cosine(1e-2, 1) }), /timeSchedule needs timeBudgetSeconds/);
  });

  it('an interrupted run resumed from its checkpoint ends where an uninterrupted run ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-ckpt-'));
    const full = buildModel(spec, 4);
    fit(full, data, { epochs: 6, batchSize: 64, optimizer: new Adam(full.parameters()), seed: 9 });
    const stem = join(dir, 'run');
    const a = buildModel(spec, 4);
    fit(a, data, { epochs: 6, batchSize: 64, optimizer: new Adam(a.parameters()), seed: 9, checkpoint: stem,
      callbacks: { onEpochEnd: (e) => (e.epoch === 3 ? 'stop' : undefined) } });
    const b = buildModel(spec, 77);  // different init: everything must come from the checkpoint
    const r = fit(b, data, { epochs: 6, batchSize: 64, optimizer: new Adam(b.parameters()), seed: 9, checkpoint: stem });
    assert.equal(r.resumedFromEpoch, 3);
    assert.equal(r.history.length, 6);
    b.parameters().forEach((p, i) => assert.deepEqual(Array.from(p.data), Array.from(full.parameters()[i].data)));
  });
});
