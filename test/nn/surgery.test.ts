/** Neuron surgery on layers: same function before and after, optimizer state of survivors untouched. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tidy, backward, softmaxCrossEntropy, noGrad, Rng } from '../../src/core/index.js';
import { Dense, Conv2d, Sequential, Flatten, MaxPool2d, BatchNorm } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { assertClose } from '../helpers.js';

const predict = (m: Sequential, x: Tensor) => noGrad(() => tidy(() => Array.from(m.forward(x).data)));

function trainSteps(model: Sequential, opt: Adam, x: Tensor, labels: Int32Array, steps: number): number {
  let loss = 0;
  for (let i = 0; i < steps; i++) {
    loss = tidy(() => {
      opt.zeroGrad();
      const l = softmaxCrossEntropy(model.forward(x), labels);
      backward(l);
      opt.step();
      return l.item();
    });
  }
  return loss;
}

describe('Dense surgery', () => {
  const rng = new Rng(3);
  const x = rng.normal([16, 6]).keep();
  const labels = Int32Array.from({ length: 16 }, (_, i) => i % 3);

  it('removing hidden units whose outgoing weights are zero leaves predictions unchanged', () => {
    const l1 = new Dense(6, 8, { activation: 'relu', seed: 1 }), l2 = new Dense(8, 3, { seed: 2 });
    const model = new Sequential([l1, l2]);
    for (const dead of [1, 4, 7]) for (let o = 0; o < 3; o++) l2.weight.data[o * 8 + dead] = 0;
    const before = predict(model, x);
    const keep = [0, 2, 3, 5, 6];
    l1.selectOutputs(keep);
    l2.selectInputs(keep);
    assert.equal(l1.outFeatures, 5);
    assert.equal(l2.inFeatures, 5);
    assertClose(predict(model, x), before, 1e-6, 1e-6, 'predictions');
  });

  it('Adam moments of surviving units are unchanged and training continues', () => {
    const l1 = new Dense(6, 8, { activation: 'relu', seed: 1 }), l2 = new Dense(8, 3, { seed: 2 });
    const model = new Sequential([l1, l2]);
    const opt = new Adam(model.parameters(), { lr: 1e-2 });
    trainSteps(model, opt, x, labels, 5);
    const keep = [0, 2, 5, 7];
    const m1 = l1.weight.slot('adam.m'), v2 = l2.weight.slot('adam.v');
    const expectRowsM = keep.flatMap((r) => Array.from(m1.subarray(r * 6, r * 6 + 6)));
    const expectColsV = [0, 1, 2].flatMap((o) => keep.map((c) => v2[o * 8 + c]));
    const expectBias = keep.map((r) => l1.bias!.slot('adam.m')[r]);
    l1.selectOutputs(keep);
    l2.selectInputs(keep);
    assert.deepEqual(Array.from(l1.weight.slot('adam.m')), expectRowsM);
    assert.deepEqual(Array.from(l2.weight.slot('adam.v')), expectColsV);
    assert.deepEqual(Array.from(l1.bias!.slot('adam.m')), expectBias);
    const start = trainSteps(model, opt, x, labels, 1);
    const end = trainSteps(model, opt, x, labels, 30);
    assert.ok(end < start, `loss should keep falling after surgery: ${start} -> ${end}`);
  });

  it('inserting hidden units with zero outgoing weights leaves predictions unchanged', () => {
    const l1 = new Dense(6, 4, { activation: 'tanh', seed: 1 }), l2 = new Dense(4, 3, { seed: 2 });
    const model = new Sequential([l1, l2]);
    const before = predict(model, x);
    l1.insertOutputs(2, 3);
    l2.insertInputs(2, 3);
    assert.equal(l1.outFeatures, 7);
    assertClose(predict(model, x), before, 1e-6, 1e-6, 'predictions');
  });
});

describe('Conv2d and BatchNorm surgery', () => {
  it('removing channels whose next-layer weights are zero leaves predictions unchanged', () => {
    const rng = new Rng(5);
    const x = rng.normal([2, 2, 8, 8]).keep();
    const c1 = new Conv2d(2, 6, 3, { padding: 1, seed: 1 }), c2 = new Conv2d(6, 4, 3, { seed: 2 });
    const model = new Sequential([c1, new MaxPool2d(2), c2, new Flatten(), new Dense(4 * 2 * 2, 3, { seed: 3 })]);
    const dead = [0, 3];
    for (let o = 0; o < 4; o++) for (const c of dead) for (let k = 0; k < 9; k++) c2.weight.data[(o * 6 + c) * 9 + k] = 0;
    const before = predict(model, x);
    c1.selectOutputs([1, 2, 4, 5]);
    c2.selectInputs([1, 2, 4, 5]);
    assert.deepEqual(c1.weight.shape, [4, 2, 3, 3]);
    assertClose(predict(model, x), before, 1e-5, 1e-6, 'predictions');
  });

  it('BatchNorm selectFeatures keeps running statistics aligned', () => {
    const bn = new BatchNorm(4);
    bn.runningMean.data.set([1, 2, 3, 4]);
    bn.gamma.data.set([5, 6, 7, 8]);
    bn.selectFeatures([1, 3]);
    assert.deepEqual(Array.from(bn.runningMean.data), [2, 4]);
    assert.deepEqual(Array.from(bn.gamma.data), [6, 8]);
    assert.equal(bn.features, 2);
  });
});
