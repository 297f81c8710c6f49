/** The layer added through layer traits alone: it trains, shrinks around, saves and loads (export: test/export/round-trip). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor, noGrad } from '../../src/core/index.js';
import { Rng } from '../../src/core/random.js';
import type { Dataset } from '../../src/data/dataset.js';
import { prepare } from '../../src/data/prepare.js';
import { loadSequential, saveModel } from '../../src/io/model-file.js';
import { buildModel, specOf, type ModelSpec } from '../../src/nn/spec.js';
import { Adam } from '../../src/optim/adam.js';
import { Switch, foldSwitches, keepUnits, switchedModel } from '../../src/shrink/index.js';
import { fit } from '../../src/train/fit.js';
import { evaluate } from '../../src/train/metrics.js';

const spec: ModelSpec = { format: 'topiary-sequential', version: 1, inputShape: [1, 6, 6], layers: [
  { type: 'conv2d', in: 1, out: 4, kernel: 3, stride: 1, padding: 1, bias: true },
  { type: 'activation', op: 'relu', alpha: 0 },
  { type: 'globalavgpool2d' },
  { type: 'dense', in: 4, out: 2, activation: 'identity', bias: true },
] };

/** Images of one bar anywhere: horizontal (class 0) or vertical (class 1). A convolution finds the orientation, the mean pools it from anywhere. */
function bars(n: number, seed: number): Dataset {
  const rng = new Rng(seed), x = new Float32Array(n * 36), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    const noise = rng.normal([36]).data;
    for (let k = 0; k < 36; k++) x[i * 36 + k] = 0.1 * noise[k];
    const r = rng.int(4), c = rng.int(4);
    for (let t = 0; t < 3; t++) x[i * 36 + (labels[i] === 0 ? r * 6 + c + t : (r + t) * 6 + c)] += 1;
  }
  return { name: 'bars', task: 'classification', inputShape: [1, 6, 6], classes: 2, train: { x, labels, n } };
}

it('a CNN ending in global average pooling trains from its spec, and its spec round-trips', () => {
  const model = buildModel(spec, 1);
  assert.deepEqual(specOf(model, [1, 6, 6]), spec);
  const prep = prepare(bars(600, 2), { seed: 3 });
  const before = evaluate(model, prep.test, prep).accuracy!;
  fit(model, prep, { epochs: 15, batchSize: 32, optimizer: new Adam(model.trainableParameters(), { lr: 0.03 }), seed: 4 });
  const after = evaluate(model, prep.test, prep).accuracy!;
  assert.ok(after >= 0.9 && after > before, `test accuracy ${before} → ${after}`);
});

it('shrinks around it: a switch before it removes channels of the conv and inputs of the dense layer, and folds', () => {
  const model = switchedModel(spec, 5);
  const at = model.layers.findIndex((l) => l instanceof Switch);
  assert.equal(model.layers[at + 1].constructor.name, 'GlobalAvgPool2d', 'the switch closes the conv group, before the pooling');
  const sw = model.layers[at] as Switch;
  sw.beta.data.set([1.5, 0, -0.5, 0]);
  const x = new Tensor(Float32Array.from({ length: 3 * 36 }, (_, i) => Math.sin(i)), [3, 1, 6, 6]);
  const run = () => noGrad(() => Array.from(model.eval().forward(x).data));
  const y = run();
  keepUnits(model, at, [0, 2]);
  y.forEach((v, i) => assert.ok(Math.abs(run()[i] - v) < 1e-5, 'removing dead channels keeps the function'));
  const folded = foldSwitches(model);
  const z = noGrad(() => Array.from(folded.eval().forward(x).data));
  y.forEach((v, i) => assert.ok(Math.abs(z[i] - v) < 1e-5, `folded output ${z[i]} vs ${v}`));
  assert.deepEqual(specOf(folded, [1, 6, 6]).layers.map((l) => l.type), ['conv2d', 'activation', 'globalavgpool2d', 'dense']);
});

it('saves and loads as a model file with the same outputs', () => {
  const model = buildModel(spec, 6).eval();
  const path = saveModel(model, [1, 6, 6], join(mkdtempSync(join(tmpdir(), 'topiary-gap-')), 'gap.json'));
  const { model: back } = loadSequential(path, 'test');
  const x = new Tensor(Float32Array.from({ length: 2 * 36 }, (_, i) => Math.cos(i)), [2, 1, 6, 6]);
  assert.deepEqual(noGrad(() => Array.from(back.eval().forward(x).data)), noGrad(() => Array.from(model.forward(x).data)));
});
