/**
 * Fuzzing the readers of user files with seeded corruption (cells, quoting, line ends, truncation, flipped
 * bytes): a CSV, a model file pair and a checkpoint. Every case either loads data that is sound (finite
 * features and targets; a model or checkpoint identical to the one saved) or fails with an Error that names
 * the file — never another kind of exception, never a damaged model taken as good.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor } from '../../src/core/tensor.js';
import { loadCsv } from '../../src/data/tabular.js';
import { loadModel, saveModel } from '../../src/io/model-file.js';
import { buildModel, parseArch } from '../../src/nn/spec.js';
import { Adam } from '../../src/optim/adam.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';
import { randomArray } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'topiary-fuzz-'));
let state = 12345;
const rand = (n: number) => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return (state >>> 8) % n; };
const NASTY = ['"', ',', '\n', '\r', '\r\n', ' ', 'NaN', '1e400', '', 'x', '-', '.', '\u0000', '""', '\uFEFF'];

function corruptText(text: string): string {
  const at = rand(text.length + 1);
  switch (rand(5)) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(0, at) + NASTY[rand(NASTY.length)] + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at + 1 + rand(5));
    case 3: { const lines = text.split('\n'); const k = rand(lines.length); lines.splice(k, 0, lines[k]); return lines.join('\n'); }
    default: return text.slice(0, at) + String.fromCharCode(32 + rand(95)) + text.slice(at + 1);
  }
}

function corruptBytes(buf: Buffer): Buffer {
  const out = Buffer.from(buf), at = rand(Math.max(1, out.length));
  switch (rand(3)) {
    case 0: return out.subarray(0, at);
    case 1: out[at] ^= 1 << rand(8); return out;
    default: return Buffer.concat([out, Buffer.from([rand(256), rand(256), rand(256), rand(256)])]);
  }
}

/** The failure must be an Error naming the file (not a TypeError or RangeError from deep inside). */
function namesFile(e: unknown, file: string, what: string): void {
  assert.ok(e instanceof Error, `${what}: threw ${String(e)}`);
  assert.ok(!(e instanceof TypeError) && !(e instanceof RangeError), `${what}: ${e.constructor.name}: ${e.message}`);
  assert.ok(e.message.includes(file), `${what}: the message does not name ${file}: ${e.message}`);
}

it('CSV: 300 corrupted files load as sound data or fail naming the file', () => {
  const rows = Array.from({ length: 24 }, (_, i) => `${i},"${['red', 'blue, dark', 'say ""hi""'][i % 3]}",${(i * 0.37).toFixed(3)},${i % 2 ? 'yes' : 'no'}`);
  const good = `id,color,value,label\n${rows.join('\n')}\n`;
  const file = join(dir, 'fuzz.csv');
  let loaded = 0;
  for (let c = 0; c < 300; c++) {
    let text = good;
    for (let k = 1 + rand(3); k > 0; k--) text = corruptText(text);
    writeFileSync(file, text);
    try {
      const d = loadCsv(file, 'label');
      loaded++;
      assert.ok(d.train.n >= 10 && d.train.x.length === d.train.n * d.inputShape[0], `case ${c}: shapes`);
      assert.ok(d.train.x.every(Number.isFinite), `case ${c}: non-finite feature`);
      if (d.train.labels) assert.ok(d.train.labels.every((l) => l >= 0 && l < d.classes!), `case ${c}: labels`);
      if (d.train.targets) assert.ok(d.train.targets.every(Number.isFinite), `case ${c}: targets`);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      namesFile(e, file, `case ${c}`);
    }
  }
  assert.ok(loaded > 30 && loaded < 300, `${loaded} of 300 still loaded: the corruption must both break and spare files`);
});

it('model files: 200 corrupted JSON or weight files are refused naming the file, or load exactly the saved model', () => {
  const model = buildModel(parseArch('mlp:6-5-3', [6]), 1);
  const stem = join(dir, 'model');
  saveModel(model, [6], stem);
  const json = `${stem}.json`, bin = `${stem}.weights.bin`;
  const goodJson = readFileSync(json, 'utf8'), goodBin = readFileSync(bin);
  copyFileSync(bin, join(dir, 'keep.bin'));
  const x = new Tensor(randomArray(6 * 4, 3), [4, 6]);
  const expected = Array.from(model.forward(x).data);
  let refused = 0;
  for (let c = 0; c < 200; c++) {
    const onJson = rand(2) === 0;
    writeFileSync(json, onJson ? corruptText(goodJson) : goodJson);
    writeFileSync(bin, onJson ? goodBin : corruptBytes(goodBin));
    try {
      const { model: back } = loadModel(json);
      assert.deepEqual(Array.from(back.forward(x).data), expected, `case ${c}: a changed model was accepted`);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      refused++;
      namesFile(e, stem, `case ${c}`);
    }
  }
  assert.ok(refused > 100, `${refused} of 200 refused`);
});

it('checkpoints: 200 corrupted files are refused naming the file, or restore exactly what was saved', () => {
  const model = buildModel(parseArch('mlp:4-3-2', [4]), 2);
  const opt = new Adam(model.trainableParameters(), { lr: 1e-3 });
  const stem = join(dir, 'ck');
  saveCheckpoint(stem, model, opt, { epoch: 3, history: [], bestLoss: 1, staleEpochs: 0 });
  const json = `${stem}.ckpt.json`, bin = join(dir, 'ck.ckpt-e3.bin');
  const goodJson = readFileSync(json, 'utf8'), goodBin = readFileSync(bin);
  const saved = model.parameters().map((p) => Array.from(p.data));
  let refused = 0;
  for (let c = 0; c < 200; c++) {
    const onJson = rand(2) === 0;
    writeFileSync(json, onJson ? corruptText(goodJson) : goodJson);
    writeFileSync(bin, onJson ? goodBin : corruptBytes(goodBin));
    const fresh = buildModel(parseArch('mlp:4-3-2', [4]), 9);
    try {
      const st = loadCheckpoint(stem, fresh, new Adam(fresh.trainableParameters(), { lr: 1e-3 }));
      assert.ok(st !== null && st.epoch === 3, `case ${c}: epoch`);
      assert.deepEqual(fresh.parameters().map((p) => Array.from(p.data)), saved, `case ${c}: a changed checkpoint was accepted`);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      refused++;
      namesFile(e, stem, `case ${c}`);
    }
  }
  assert.ok(refused > 100, `${refused} of 200 refused`);
});
