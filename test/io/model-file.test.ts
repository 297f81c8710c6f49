/** Model files round-trip every layer type; bad files give clear errors. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, noGrad } from '../../src/core/index.js';
import { buildModel, type ModelSpec } from '../../src/nn/spec.js';
import { saveModel, loadModel, loadSequential } from '../../src/io/model-file.js';
import { buildArchModel } from '../../src/arch/build.js';
import { archOfGenotype } from '../../src/arch/cell-space.js';
import { cellSpace } from '../../src/arch/spaces/index.js';

const spec: ModelSpec = { format: 'topiary-sequential', version: 1, inputShape: [2, 8, 8], layers: [
  { type: 'conv2d', in: 2, out: 3, kernel: 3, stride: 1, padding: 1, bias: true },
  { type: 'batchnorm', features: 3, momentum: 0.1, eps: 1e-5 },
  { type: 'activation', op: 'relu', alpha: 0 },
  { type: 'maxpool2d', kernel: 2, stride: 2, padding: 0 },
  { type: 'avgpool2d', kernel: 2, stride: 2, padding: 0 },
  { type: 'flatten' },
  { type: 'dropout', p: 0.2 },
  { type: 'dense', in: 12, out: 4, activation: 'tanh', bias: false },
] };

it('save then load reproduces the architecture and the predictions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-model-'));
  const model = buildModel(spec, 3).eval();
  model.parameters()[2].data.set([0.5, 1.5, 2]);  // BatchNorm gamma, so non-default state is checked
  const x = new Rng(1).normal([2, 2, 8, 8]);
  const before = noGrad(() => Array.from(model.forward(x).data));
  const path = saveModel(model, [2, 8, 8], join(dir, 'm'), { note: 'test' });
  const { model: loaded, file } = loadModel(path);
  assert.deepEqual(file.architecture, spec);
  assert.deepEqual(noGrad(() => Array.from(loaded.eval().forward(x).data)), before);
});

it('a wrong version or layer type names the field and what is allowed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-model-'));
  const path = saveModel(buildModel(spec, 1), [2, 8, 8], join(dir, 'm'));
  writeFileSync(path, JSON.stringify({ format: 'topiary-model', version: 2 }));
  assert.throws(() => loadModel(path), /field "format"\/"version" is \["topiary-model",2\]; expected \["topiary-model", 1\]/);
  assert.throws(() => buildModel({ ...spec, layers: [{ type: 'lstm' }] } as unknown as ModelSpec, 0), /field "layers\[0\].type" is "lstm"; expected one of dense, conv2d/);
});

it('a model built from an architecture graph saves and loads with the same predictions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-model-'));
  const space = cellSpace('nb201');
  const model = buildArchModel(archOfGenotype(space, [3, 2, 1, 4, 0, 3]), space, [3, 6, 6], 5, 2).eval();
  const x = new Rng(4).normal([3, 3, 6, 6]);
  const before = noGrad(() => Array.from(model.forward(x).data));
  const { model: loaded, file } = loadModel(saveModel(model, [3, 6, 6], join(dir, 'cell'), { found: 'by test' }));
  assert.equal(file.architecture.format, 'topiary-arch-model');
  assert.deepEqual(noGrad(() => Array.from(loaded.eval().forward(x).data)), before);
  assert.throws(() => loadSequential(join(dir, 'cell.json'), 'diagnose'), /diagnose reads layer stacks; this model is an architecture graph of space "nb201"/);
});

it('a cell built at another width than its space\'s default reloads at that width; a bad width in the file is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-model-'));
  const space = cellSpace('nb201', '--space', { channels: 6 });
  const model = buildArchModel(archOfGenotype(space, [3, 2, 1, 4, 0, 3]), space, [3, 6, 6], 5, 2).eval();
  const x = new Rng(4).normal([2, 3, 6, 6]);
  const before = noGrad(() => Array.from(model.forward(x).data));
  const path = saveModel(model, [3, 6, 6], join(dir, 'narrow'), {});
  const { model: loaded, file } = loadModel(path);
  assert.equal((file.architecture as { channels?: number }).channels, 6);
  assert.deepEqual(noGrad(() => Array.from(loaded.eval().forward(x).data)), before);
  const json = JSON.parse(readFileSync(path, 'utf8')) as { architecture: { channels: unknown } };
  json.architecture.channels = 0;
  writeFileSync(path, JSON.stringify(json));
  assert.throws(() => loadModel(path), /architecture\.channels: got 0; expected a positive integer/);
});
