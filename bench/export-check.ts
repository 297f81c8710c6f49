/**
 * `npm run bench -- export MODEL.json [--data-dir D]`: exports a model file to ONNX and TensorFlow.js,
 * runs all three (Topiary, onnxruntime-node, tfjs-layers on its CPU backend) on the dataset's test split
 * and reports accuracy, agreement of predictions, the largest logit difference, file sizes and times; for a
 * regression model, the largest relative difference of the predictions in target units.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Tensor, noGrad, tidy } from '../src/core/index.js';
import { resolveDataDir } from '../src/data/data-dir.js';
import { prepare } from '../src/data/prepare.js';
import { loadDataset } from '../src/data/registry.js';
import { loadExportSource, writeExport } from '../src/export/index.js';
import { loadModel } from '../src/io/model-file.js';

const argmaxRows = (y: ArrayLike<number>, width: number) => Array.from({ length: y.length / width }, (_, r) => {
  let best = 0;
  for (let j = 1; j < width; j++) if (y[r * width + j] > y[r * width + best]) best = j;
  return best;
});

export async function benchExportCheck(args: string[]): Promise<void> {
  const path = args.find((a) => !a.startsWith('--')) ?? 'models/mnist-shrunk.json';
  const dd = args.indexOf('--data-dir');
  const { model, file } = loadModel(path);
  model.eval();
  const name = String(file.metadata.dataset ?? 'mnist');
  const seed = Number(file.metadata.seed ?? 0), dataset = loadDataset(name, resolveDataDir(dd >= 0 ? args[dd + 1] : undefined), seed);
  const data = prepare(dataset, { seed });
  // Topiary reads prepared features; an exported model has the scaling built in and reads raw ones (the same rows).
  const raw = prepare(dataset, { seed, standardize: false });
  const shape = file.architecture.inputShape, n = data.test.n;
  const x = raw.test.x, labels = data.test.labels;
  const time = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => { const t = performance.now(); const r = await f(); return [r, performance.now() - t]; };

  const [own, ownMs] = await time(() => noGrad(() => tidy(() => Float32Array.from(model.forward(Tensor.from(data.test.x, [n, ...shape])).data))));
  const width = own.length / n;
  const dir = mkdtempSync(join(tmpdir(), 'topiary-export-bench-'));
  const source = loadExportSource(path);
  const onnx = writeExport(source, 'onnx', join(dir, 'model.onnx'));
  const tfjs = writeExport(source, 'tfjs', join(dir, 'tfjs'));
  const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
  const [viaOnnx, onnxMs] = await time(async () => (await session.run({ input: new ort.Tensor('float32', x, [n, ...shape]) })).output.data as Float32Array);
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  const json = JSON.parse(readFileSync(join(dir, 'tfjs', 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const weights = readFileSync(join(dir, 'tfjs', 'weights.bin'));
  const layers = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }));
  const [viaTfjs, tfjsMs] = await time(() => { const input = tf.tensor(x, [n, ...shape]); const y = layers.predict(input) as tf.Tensor; const d = y.dataSync(); tf.dispose([input, y]); return Float32Array.from(d); });

  if (!labels) {
    // Topiary predicts standardised targets; the exports predict in target units.
    const { mean, std } = data.targetScale ?? { mean: 0, std: 1 };
    const worst = (y: Float32Array) => Math.max(...Array.from(own, (v, i) => Math.abs(v * std + mean - y[i]) / Math.max(1, Math.abs(v * std + mean))));
    console.log(`${path}: ${name} test split, ${n} rows; largest relative difference to Topiary: onnxruntime-node ${worst(viaOnnx).toExponential(2)}, tfjs-layers ${worst(viaTfjs).toExponential(2)}`);
    return;
  }
  const truth = argmaxRows(own, width);
  const report = (what: string, y: Float32Array, ms: number) => {
    const pred = argmaxRows(y, width);
    const acc = pred.filter((p, i) => p === labels[i]).length / n;
    const agree = pred.filter((p, i) => p === truth[i]).length / n;
    let maxDiff = 0;
    for (let i = 0; i < y.length; i++) maxDiff = Math.max(maxDiff, Math.abs(y[i] - own[i]));
    console.log(`${what.padEnd(16)} test accuracy ${(acc * 100).toFixed(2)}%  same prediction ${(agree * 100).toFixed(2)}%  max |Δlogit| ${maxDiff.toExponential(2)}  ${ms.toFixed(0)} ms for ${n}`);
  };
  const a = file.architecture;
  console.log(`${path}: ${'layers' in a ? a.layers.map((l) => l.type).join(' → ') : `${a.arch.space} architecture`}; ${name} test split, ${n} samples`);
  report('topiary', own, ownMs);
  report('onnxruntime-node', viaOnnx, onnxMs);
  report('tfjs-layers cpu', viaTfjs, tfjsMs);
  for (const f of [...onnx.files, ...tfjs.files]) console.log(`file ${f.path.replace(dir + '/', '')}: ${f.bytes} bytes`);
}
