/** Per-weight masks: pruned weights, their gradients and optimizer state stay zero; masks survive surgery and model files. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, backward, tidy } from '../../src/core/index.js';
import { mean } from '../../src/core/ops/reduce.js';
import { loadModel, saveModel } from '../../src/io/model-file.js';
import { Dense } from '../../src/nn/dense.js';
import { Sequential } from '../../src/nn/sequential.js';
import { buildModel, parseArch } from '../../src/nn/spec.js';
import { Adam } from '../../src/optim/adam.js';
import { SGD } from '../../src/optim/sgd.js';
import { magnitudePrune, prunableWeights, remainingFraction } from '../../src/sparse/magnitude.js';

const everyOther = (n: number) => Float32Array.from({ length: n }, (_, i) => i % 2);

describe('per-weight masks', () => {
  for (const [name, make] of [['Adam with weight decay', (p: Dense) => new Adam(p.parameters(), { lr: 0.05, weightDecay: 0.1 })],
    ['SGD with momentum', (p: Dense) => new SGD(p.parameters(), { lr: 0.05, momentum: 0.9, weightDecay: 0.1 })]] as const) {
    it(`${name}: pruned weights, their gradients and moments stay exactly zero while the rest train`, () => {
      const layer = new Dense(6, 4, { seed: 1 });
      const opt = make(layer);
      const before = Float32Array.from(layer.weight.data);
      // A few steps before masking, so the moments of the soon-pruned weights are not zero to begin with.
      const step = () => tidy(() => { opt.zeroGrad(); backward(mean(layer.forward(new Rng(2).normal([5, 6])))); opt.step(); });
      step(); step();
      layer.weight.setMask(everyOther(24));
      for (let i = 0; i < 5; i++) step();
      const w = layer.weight;
      for (let i = 0; i < 24; i++) {
        if (i % 2 === 0) {
          assert.equal(w.data[i], 0, `weight ${i}`);
          for (const [k, slot] of w.slots) assert.equal(slot[i], 0, `${k}[${i}]`);
        } else assert.notEqual(w.data[i], before[i], `kept weight ${i} trains`);
      }
    });
  }

  it('follows neuron surgery: removed units take their mask along, inserted units start unpruned', () => {
    const layer = new Dense(3, 4, { seed: 3 });
    const mask = Float32Array.from([1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1]);
    layer.weight.setMask(mask);
    layer.selectOutputs([1, 3]);
    assert.deepEqual([...layer.weight.mask!], [0, 0, 1, 1, 0, 1]);
    layer.insertOutputs(1, 1);
    assert.deepEqual([...layer.weight.mask!], [0, 0, 1, 1, 1, 1, 1, 0, 1]);
    layer.insertInputs(0, 1);
    assert.deepEqual([...layer.weight.mask!], [1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1]);
  });

  it('is saved in the model file and read back; a mask of another size or with other values is refused, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-mask-'));
    const m = buildModel(parseArch('mlp:5-7-3', [5]), 4);
    magnitudePrune(prunableWeights(m), { rate: 0.5 });
    const path = saveModel(m, [5], join(dir, 'm'));
    const back = loadModel(path).model as Sequential;
    const masks = (s: Sequential) => prunableWeights(s).map((w) => [...w.param.mask!]);
    assert.deepEqual(masks(back), masks(m));
    assert.deepEqual(back.parameters().map((p) => [...p.data]), m.parameters().map((p) => [...p.data]));
    const file = JSON.parse(readFileSync(path, 'utf8')) as { masks: { tensor: number; offset: number }[] };
    writeFileSync(path, JSON.stringify({ ...file, masks: [{ tensor: 0, offset: file.masks[0].offset + 1 }] }));
    assert.throws(() => loadModel(path), /masks\[0\]: mask for parameter "weight" \[7, 5\] holds values other than 0 and 1|holds .* floats, the model uses/);
    writeFileSync(path, JSON.stringify({ ...file, masks: [{ tensor: 9, offset: 0 }] }));
    assert.throws(() => loadModel(path), /masks\[0\] names tensor 9 at offset 0; expected a tensor index below 4/);
    assert.throws(() => m.parameters()[0].setMask(new Float32Array(3)), /mask for parameter "weight" \[7, 5\] has 3 entries, expected 35/);
  });
});

describe('magnitude pruning', () => {
  it('layer-wise: each layer loses its rate of the remaining weights, the smallest |w| first; the output layer its own rate', () => {
    const m = buildModel(parseArch('mlp:20-30-10-4', [20]), 5);
    const weights = prunableWeights(m);
    const before = weights.map((w) => Float32Array.from(w.param.data));
    magnitudePrune(weights, { rate: 0.2, outputRate: 0.1 });
    assert.deepEqual(weights.map((w) => w.param.unmasked), [600 - 120, 300 - 60, 40 - 4]);
    weights.forEach((w, k) => {
      const kept = before[k].filter((_, i) => w.param.mask![i] === 1).map(Math.abs), gone = before[k].filter((_, i) => w.param.mask![i] === 0).map(Math.abs);
      assert.ok(Math.max(...gone) <= Math.min(...kept), `layer ${k + 1}: every pruned |w| is at most every kept one`);
    });
    magnitudePrune(weights, { rate: 0.2, outputRate: 0.1 });
    assert.deepEqual(weights.map((w) => w.param.unmasked), [480 - 96, 240 - 48, 36 - 4], 'of the remaining, not of the original');
  });

  it('global: one threshold over every layer', () => {
    const m = buildModel(parseArch('mlp:20-30-10-4', [20]), 6);
    const weights = prunableWeights(m);
    const values = weights.flatMap((w) => [...w.param.data].map(Math.abs));
    const left = magnitudePrune(weights, { rate: 0.5, scope: 'global' });
    assert.equal(left, 0.5);
    const kept = weights.flatMap((w) => [...w.param.data].filter((_, i) => w.param.mask![i] === 1).map(Math.abs));
    const threshold = [...values].sort((a, b) => a - b)[values.length / 2 - 1];
    assert.ok(kept.every((v) => v >= threshold));
    assert.equal(remainingFraction(weights), 0.5);
  });

  it('refuses a rate outside (0, 1)', () => {
    const weights = prunableWeights(buildModel(parseArch('mlp:4-3-2', [4]), 1));
    for (const rate of [0, 1, -0.2, 1.5, Number.NaN]) assert.throws(() => magnitudePrune(weights, { rate }), /prune rate: got .*; expected a fraction strictly between 0 and 1/);
  });
});
