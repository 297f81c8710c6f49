/** Switch layers: surgery keeps the function and optimizer state; folding gives a plain equal network; compress training shrinks. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, noGrad, tidy, backward, softmaxCrossEntropy, type Tensor } from '../../src/core/index.js';
import { Conv2d, Dense, Flatten, MaxPool2d, Activation, Sequential, BatchNorm } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { cosine } from '../../src/optim/schedules.js';
import { Switch, keepUnits, foldSwitches, compressTrain, switchedMlp, DEFAULT_COMPRESS } from '../../src/shrink/index.js';
import { generateAdd10 } from '../../src/data/tabular.js';
import { prepare } from '../../src/data/prepare.js';
import { assertClose } from '../helpers.js';

const predict = (m: Sequential, x: Tensor) => noGrad(() => tidy(() => Array.from(m.eval().forward(x).data)));

function cnn(): Sequential {
  return new Sequential([new Conv2d(2, 6, 3, { padding: 1, seed: 1 }), new Activation('relu'), new Switch(6, { reluBeta: true }), new MaxPool2d(2),
    new Conv2d(6, 5, 3, { padding: 1, seed: 2 }), new BatchNorm(5), new Activation('relu'), new Switch(5, { reluBeta: true }), new MaxPool2d(2),
    new Flatten(), new Dense(5 * 2 * 2, 3, { seed: 3 })]);
}

describe('switch surgery', () => {
  it('removing units whose switch is zero leaves an MLP\'s predictions unchanged, and Adam moments of survivors move with them', () => {
    const x = new Rng(2).normal([16, 7]).keep();
    const m = switchedMlp([7], [9, 6], 3, 1);
    const opt = new Adam(m.trainableParameters(), { lr: 1e-2 });
    const labels = Int32Array.from({ length: 16 }, (_, i) => i % 3);
    for (let s = 0; s < 3; s++) tidy(() => { opt.zeroGrad(); backward(softmaxCrossEntropy(m.forward(x), labels)); opt.step(); });
    const sw = m.layers[1] as Switch, d1 = m.layers[0] as Dense, d2 = m.layers[2] as Dense;
    sw.beta.data[2] = 0; sw.beta.data[5] = 0;
    const keep = [0, 1, 3, 4, 6, 7, 8];
    const m1 = keep.flatMap((r) => Array.from(d1.weight.slot('adam.m').subarray(r * 7, r * 7 + 7)));
    const v2 = [0, 1, 2, 3, 4, 5].flatMap((o) => keep.map((c) => d2.weight.slot('adam.v')[o * 9 + c]));
    const before = predict(m, x);
    keepUnits(m, 1, keep);
    assert.deepEqual([d1.outFeatures, sw.features, d2.inFeatures], [7, 7, 7]);
    assertClose(predict(m, x), before, 1e-6, 1e-6, 'predictions');
    assert.deepEqual(Array.from(d1.weight.slot('adam.m')), m1);
    assert.deepEqual(Array.from(d2.weight.slot('adam.v')), v2);
  });

  it('removes channels through BatchNorm, max-pooling and a Flatten into a Dense layer', () => {
    const x = new Rng(3).normal([2, 2, 8, 8]).keep();
    const m = cnn();
    predict(m, x);  // Flatten learns the spatial size
    const sw = m.layers[7] as Switch;
    sw.beta.data[1] = 0; sw.beta.data[3] = -0.5;  // ReLU(β) = 0 for both
    const before = predict(m, x);
    keepUnits(m, 7, [0, 2, 4]);
    assert.equal((m.layers[10] as Dense).inFeatures, 3 * 4);
    assert.equal((m.layers[5] as BatchNorm).features, 3);
    assertClose(predict(m, x), before, 1e-5, 1e-6, 'predictions');
  });

  it('folding switches into weights gives a plain network with the same outputs', () => {
    const x = new Rng(4).normal([3, 2, 8, 8]).keep();
    const m = cnn();
    (m.layers[2] as Switch).beta.data.set([0.5, 2, 0, 1.5, 0.25, 3]);
    (m.layers[7] as Switch).beta.data.set([1.2, 0.3, 2, 0.7, 0.9]);
    const before = predict(m, x);
    const plain = foldSwitches(m);
    assert.equal(plain.layers.some((l) => l instanceof Switch), false);
    assertClose(predict(plain, x), before, 1e-4, 1e-5, 'folded predictions');
    const mlp = switchedMlp([5], [8], 2, 2);
    (mlp.layers[1] as Switch).beta.data.set([1, -2, 0.5, 0, 3, -1, 1, 2]);
    const xm = new Rng(5).normal([4, 5]).keep();
    assertClose(predict(foldSwitches(mlp), xm), predict(mlp, xm), 1e-5, 1e-6, 'folded MLP');
  });

  it('the sign-flip rule declares a switch dead once its sign keeps changing', () => {
    const s = new Switch(2);
    for (let t = 0; t < 200; t++) { s.beta.data[0] = t % 2 ? 0.01 : -0.01; s.beta.data[1] = 0.3; s.updateSignEma(0.99); }
    assert.deepEqual(s.deadUnits({ kind: 'sign-flip', decay: 0.99, threshold: 0.5 }), [0]);
    assert.deepEqual(s.deadUnits({ kind: 'threshold', threshold: 0.02 }), [0]);
  });

  it('a switch learning-rate scale moves β that many times as far under Adam, and survives surgery', () => {
    const moved = (lrScale: number) => {
      const s = new Switch(3, { lrScale });
      const opt = new Adam(s.parameters(), { lr: 1e-3 });
      for (let t = 0; t < 5; t++) tidy(() => { opt.zeroGrad(); backward(s.l1()); opt.step(); });
      s.select([0, 2]);
      assert.equal(s.beta.lrScale, lrScale);
      return 1 - s.beta.data[0];
    };
    assertClose([moved(10)], [10 * moved(1)], 1e-4, 0, 'β step');
  });
});

describe('compress training', () => {
  it('starts wide and ends small while still fitting Add10', () => {
    const data = prepare(generateAdd10(3000, 1), { seed: 1 });
    const m = switchedMlp([10], [256], 1, 1);
    const r = compressTrain(m, data, { ...DEFAULT_COMPRESS, epochs: 20, batchSize: 32, seed: 1, lambda: 3e-3, lr: 3e-3 });
    assert.ok(r.sizes[0] < 256, `size ${r.sizes[0]}`);
    assert.ok(r.history.every((h, i) => i === 0 || h.sizes[0] <= r.history[i - 1].sizes[0]), 'sizes never grow');
    assert.ok(r.history[r.history.length - 1].val.r2! > 0.8, `val R² ${r.history[r.history.length - 1].val.r2}`);
  });

  it('λ decays per epoch by default, per batch with lambdaDecayEvery', () => {
    const data = prepare(generateAdd10(640, 2), { seed: 1 });
    const perEpoch = Math.ceil(data.train.n / 32);
    const run = (every?: number) => compressTrain(switchedMlp([10], [16], 1, 1), data, { ...DEFAULT_COMPRESS, epochs: 3, batchSize: 32, seed: 1, lambda: 1e-2, lambdaDecay: 2, lambdaDecayEvery: every }).history.map((h) => h.lambda);
    assert.deepEqual(run(), [1e-2, 1e-2 / 2, 1e-2 / 4]);
    // After epoch e, e·perEpoch batches have been seen: λ = 1e-2 / 2^(e·perEpoch / 4).
    run(4).forEach((l, e) => assert.ok(Math.abs(l - 1e-2 / 2 ** (((e + 1) * perEpoch) / 4)) < 1e-12, `epoch ${e + 1}: λ ${l}`));
  });

  it('a time schedule anneals the learning rate over the budget', () => {
    const data = prepare(generateAdd10(640, 2), { seed: 1 });
    const base = { ...DEFAULT_COMPRESS, epochs: 10000, batchSize: 32, seed: 1, lambda: 1e-3, timeSchedule: cosine(DEFAULT_COMPRESS.lr, 1) };
    const lrs = compressTrain(switchedMlp([10], [16], 1, 1), data, { ...base, timeBudgetSeconds: 0.5 }).history.map((h) => h.lr);
    assert.ok(lrs.every((lr, i) => i === 0 || lr <= lrs[i - 1]) && lrs[lrs.length - 1] < 0.05 * DEFAULT_COMPRESS.lr, `lr ${lrs.join(', ')}`);
    assert.throws(() => compressTrain(switchedMlp([10], [16], 1, 1), data, base), /timeSchedule needs timeBudgetSeconds/);
  });

  it('the settle phase drops the penalty and stops surgery for the end of the budget', () => {
    const data = prepare(generateAdd10(640, 2), { seed: 1 });
    const base = { ...DEFAULT_COMPRESS, epochs: 10000, batchSize: 32, seed: 1, lambda: 3e-2, lambdaDecay: 1, settleFraction: 0.5 };
    const h = compressTrain(switchedMlp([10], [64], 1, 1), data, { ...base, timeBudgetSeconds: 1 }).history;
    const settled = h.filter((e) => e.lambda === 0);
    assert.ok(settled.length >= 2 && settled.length < h.length, `${settled.length} of ${h.length} epochs settled`);
    assert.ok(h.slice(0, h.length - settled.length).every((e) => e.lambda === 3e-2), 'penalised before settling');
    assert.ok(settled.every((e) => e.sizes[0] === settled[0].sizes[0]), `sizes while settling: ${settled.map((e) => e.sizes[0])}`);
    assert.throws(() => compressTrain(switchedMlp([10], [16], 1, 1), data, { ...base, settleFraction: 0.5 }), /settleFraction needs timeBudgetSeconds/);
    assert.throws(() => compressTrain(switchedMlp([10], [16], 1, 1), data, { ...base, timeBudgetSeconds: 1, settleFraction: 1 }), /settleFraction must be in \[0, 1\), got 1/);
  });
});
