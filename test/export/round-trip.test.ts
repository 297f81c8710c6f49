/**
 * Exported models run in the real libraries — onnxruntime-node and
 * @tensorflow/tfjs-layers — and give Topiary's own outputs on 100 random inputs.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { LayerNode } from '../../src/arch/layer-graph.js';
import { layerGraphSpace } from '../../src/search/spaces/layer-graph.js';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Rng, UNARY_OPS, noGrad, tidy } from '../../src/core/index.js';
import { EvolvingNet, type EvOpName } from '../../src/evolve/index.js';
import { type ExportFormat, type ExportSource, loadExportSource, sourceFromArchModel, sourceFromOpGraph, sourceFromSequential, writeExport } from '../../src/export/index.js';
import { buildModel, type ModelSpec } from '../../src/nn/spec.js';
import type { Module } from '../../src/nn/module.js';
import { Switch, keepUnits, switchedCnn } from '../../src/shrink/index.js';
import { buildArchModel } from '../../src/arch/build.js';
import { Supernet } from '../../src/oneshot/supernet.js';
import { archOfGenotype } from '../../src/arch/cell-space.js';
import type { Aggregation } from '../../src/arch/graph.js';
import { cellSpace } from '../../src/arch/spaces/index.js';
import { magnitudePrune, prunableWeights } from '../../src/sparse/magnitude.js';
import { maskedModelOf, randomiseWeights, supermaskModel } from '../../src/sparse/supermask.js';

const SAMPLES = 100;

/**
 * Relative error per sample: |exported − topiary| ≤ 1e-5 · (largest |output| of that sample). A bound
 * per element cannot hold for outputs near zero, which are differences of much larger float32 terms.
 */
function assertMatches(got: ArrayLike<number>, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: ${got.length} outputs, expected ${want.length}`);
  const width = want.length / SAMPLES;
  for (let i = 0; i < want.length; i++) {
    const row = want.subarray(i - (i % width), i - (i % width) + width);
    const tol = 1e-5 * row.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    if (!(Math.abs(got[i] - want[i]) <= tol)) assert.fail(`${what}: output ${i} is ${got[i]}, Topiary gives ${want[i]} (tolerance ${tol.toExponential(2)})`);
  }
}

interface Case { name: string; source: () => { source: ExportSource; module: Module; inputShape: number[] }; formats: ExportFormat[] }

const mlpSpec: ModelSpec = { format: 'topiary-sequential', version: 1, inputShape: [12], layers: [
  { type: 'dense', in: 12, out: 16, activation: 'relu', bias: true },
  { type: 'batchnorm', features: 16, momentum: 0.1, eps: 1e-5 },
  { type: 'dense', in: 16, out: 8, activation: 'tanh', bias: true },
  { type: 'dropout', p: 0.3 },
  { type: 'activation', op: 'leakyRelu', alpha: 0.1 },
  { type: 'dense', in: 8, out: 3, activation: 'identity', bias: false },
] };

const cnnSpec: ModelSpec = { format: 'topiary-sequential', version: 1, inputShape: [3, 10, 10], layers: [
  { type: 'conv2d', in: 3, out: 4, kernel: 3, stride: 1, padding: 1, bias: true },
  { type: 'batchnorm', features: 4, momentum: 0.1, eps: 1e-5 },
  { type: 'activation', op: 'relu', alpha: 0 },
  { type: 'maxpool2d', kernel: 2, stride: 2, padding: 0 },
  { type: 'conv2d', in: 4, out: 5, kernel: 3, stride: 2, padding: 0, bias: false },
  { type: 'activation', op: 'sigmoid', alpha: 0 },
  { type: 'avgpool2d', kernel: 2, stride: 1, padding: 1 },
  { type: 'flatten' },
  { type: 'dense', in: 5 * 3 * 3, out: 4, activation: 'softplus', bias: true },
] };

/** Non-default batch-norm statistics, so that export of running statistics is checked too. */
function randomizeStatistics(m: Module, seed: number): void {
  const rng = new Rng(seed);
  for (const p of m.parameters()) if (!p.requiresGrad) p.data.set(rng.uniform([p.size], 0.5, 2).data);
}

function shrunkCnn(): Module {
  const m = switchedCnn([1, 12, 12], [6], [10], 3, 4);
  const rng = new Rng(5);
  for (const l of m.layers) if (l instanceof Switch) l.beta.data.set(rng.uniform([l.features], 0.2, 2).data);
  m.eval();
  // Flatten records its input shape, which surgery and folding read.
  const probe = () => noGrad(() => tidy(() => { m.forward(new Rng(6).normal([2, 1, 12, 12])); }));
  probe();
  keepUnits(m, 2, [0, 2, 3, 5]);
  keepUnits(m, m.layers.length - 2, [1, 4, 6, 7, 8]);  // the dense layer's switch
  probe();
  return m;
}

function evolved(ops: readonly EvOpName[], hidden: number[], seed: number): EvolvingNet {
  const net = EvolvingNet.create(6, 2, hidden, seed, 'batch');
  const rng = new Rng(seed + 100);
  for (const layer of net.layers) {
    for (let i = 0; i < 14; i++) layer.addRandomOp(rng, ops, 0.25);
    layer.weight.data.set(rng.normal([layer.weight.size]).data);
    layer.bias.data.set(rng.normal([layer.bias.size]).data);
    for (const op of layer.ops) { op.runningMean = rng.normal([1]).data[0]; op.runningVar = rng.uniform([1], 0.2, 3).data[0]; }
  }
  return net.eval();
}

function searched(spaceName: string, genotype: number[], inputShape: number[], aggregation?: Aggregation) {
  const space = cellSpace(spaceName), arch = archOfGenotype(space, genotype);
  if (aggregation) arch.aggregation = arch.aggregation.map(() => aggregation);
  const module = buildArchModel(arch, space, inputShape, 4, 3).eval();
  randomizeStatistics(module, 9);
  return { source: sourceFromArchModel(module, { search: 'test' }), module, inputShape };
}

const sequentialCase = (build: () => Module, shape: number[]) => () => {
  const module = build();
  return { source: sourceFromSequential(module as never, shape, { test: true }), module, inputShape: shape };
};

const CASES: Case[] = [
  { name: 'MLP', formats: ['onnx', 'tfjs'], source: sequentialCase(() => { const m = buildModel(mlpSpec, 1).eval(); randomizeStatistics(m, 2); return m; }, [12]) },
  { name: 'CNN', formats: ['onnx', 'tfjs'], source: sequentialCase(() => { const m = buildModel(cnnSpec, 3).eval(); randomizeStatistics(m, 4); return m; }, [3, 10, 10]) },
  {
    name: 'MLP pruned per weight (magnitude masks, 80% of the hidden weights gone)', formats: ['onnx', 'tfjs'],
    source: sequentialCase(() => { const m = buildModel(mlpSpec, 11).eval(); randomizeStatistics(m, 12); for (let r = 0; r < 7; r++) magnitudePrune(prunableWeights(m), { rate: 0.2, outputRate: 0.1 }); return m; }, [12]),
  },
  {
    name: 'CNN selected by a supermask (edge-popup, 30% of random weights)', formats: ['onnx', 'tfjs'],
    source: sequentialCase(() => { const base = buildModel(cnnSpec, 13); randomiseWeights(base, 'signed-constant', 14); const m = maskedModelOf(supermaskModel(base, 'edge-popup', 0.3, 15)).eval(); randomizeStatistics(m, 16); return m; }, [3, 10, 10]),
  },
  {
    // The layer added through its traits alone (nn/global-avg-pool.ts): an average pool over the whole map, then a flatten.
    name: 'CNN ending in global average pooling', formats: ['onnx', 'tfjs'],
    source: sequentialCase(() => {
      const m = buildModel({ format: 'topiary-sequential', version: 1, inputShape: [3, 10, 10], layers: [
        { type: 'conv2d', in: 3, out: 6, kernel: 3, stride: 1, padding: 1, bias: true }, { type: 'batchnorm', features: 6, momentum: 0.1, eps: 1e-5 },
        { type: 'activation', op: 'relu', alpha: 0 }, { type: 'globalavgpool2d' }, { type: 'dense', in: 6, out: 4, activation: 'identity', bias: true },
      ] }, 31).eval();
      randomizeStatistics(m, 32);
      return m;
    }, [3, 10, 10]),
  },
  { name: 'shrunk CNN (switches folded)', formats: ['onnx', 'tfjs'], source: sequentialCase(shrunkCnn, [1, 12, 12]) },
  {
    name: 'evolved op graph (ops with TensorFlow.js layers)', formats: ['onnx', 'tfjs'],
    source: () => { const net = evolved(['add', 'sub', 'mul', 'max', 'min', 'tanh', 'square', 'abs'], [4], 7); return { source: sourceFromOpGraph(net), module: net, inputShape: [6] }; },
  },
  { name: 'searched NB201 cell (conv, pool, skip, zero; sums of [C, H, W])', formats: ['onnx', 'tfjs'], source: () => searched('nb201', [3, 2, 1, 4, 0, 3], [3, 8, 8]) },
  {
    name: 'cell derived from a supernet\'s α (weight-sharing search)', formats: ['onnx', 'tfjs'],
    source: () => {
      const space = cellSpace('nb201'), supernet = new Supernet(space, { cells: 1, inputShape: [3, 8, 8], outputs: 4, seed: 5 });
      // Noise, then the largest logit per edge at chosen ops.
      supernet.alpha.data.set(new Rng(6).normal([supernet.alpha.size]).data);
      [3, 2, 1, 4, 0, 3].forEach((k, e) => { supernet.alpha.data[e * 5 + k] = 5; });
      const module = buildArchModel(supernet.derive(), space, [3, 8, 8], 4, 3).eval();
      randomizeStatistics(module, 9);
      return { source: sourceFromArchModel(module, { search: 'darts' }), module, inputShape: [3, 8, 8] };
    },
  },
  // Vertex 1 has only a zero op in, yet feeds convolutions whose BN shifts make it matter downstream.
  { name: 'NB201 cell with a dead vertex (zero op its only input)', formats: ['onnx', 'tfjs'], source: () => searched('nb201', [0, 3, 2, 1, 4, 2], [3, 8, 8]) },
  // Vertex 2 has no live edge out: its ops are computed for nothing and must not reach the exported file.
  { name: 'NB201 cell with an unused vertex', formats: ['onnx', 'tfjs'], source: () => searched('nb201', [2, 0, 3, 3, 2, 0], [3, 8, 8]) },
  { name: 'mlp-cell with a dead vertex', formats: ['onnx', 'tfjs'], source: () => searched('mlp-cell', [0, 2, 3, 1, 2, 3], [7]) },
  { name: 'searched mlp-cell (max aggregation)', formats: ['onnx', 'tfjs'], source: () => searched('mlp-cell', [2, 3, 1, 1, 2, 3], [7], 'max') },
  {
    // Every node kind of DeepSwarm's graph: batchnorm on conv maps and on features, average pooling with stride 3, dropouts, a sigmoid dense layer.
    name: 'layer-graph walk (deepswarm)', formats: ['onnx', 'tfjs'],
    source: sequentialCase(() => {
      const nodes: LayerNode[] = [{ type: 'conv', filters: 16, kernel: 3 }, { type: 'batchnorm' }, { type: 'dropout', rate: 0.1 }, { type: 'pool', pool: 'avg', stride: 3 },
        { type: 'conv', filters: 16, kernel: 5 }, { type: 'pool', pool: 'max', stride: 2 }, { type: 'flatten' }, { type: 'batchnorm' },
        { type: 'dense', units: 64, activation: 'sigmoid' }, { type: 'dropout', rate: 0.3 }, { type: 'dense', units: 64, activation: 'relu' }];
      const m = (layerGraphSpace().build({ nodes, reuse: null }, [3, 20, 20], 4, 21) as Module).eval();
      randomizeStatistics(m, 22);
      return m;
    }, [3, 20, 20]),
  },
  {
    name: 'evolved op graph with sin', formats: ['onnx'],
    source: () => { const net = evolved(['add', 'mul', 'sin', 'square'], [], 8); return { source: sourceFromOpGraph(net), module: net, inputShape: [6] }; },
  },
];

async function runOnnx(file: string, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file);
  const out = await session.run({ input: new ort.Tensor('float32', x, [SAMPLES, ...shape]) });
  return out.output.data as Float32Array;
}

/** A file-system IO handler for tf.loadLayersModel: model.json plus the weight files its manifest names. */
function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const groups = json.weightsManifest;
      const buffers = groups.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
      const joined = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy, userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: groups.flatMap((g) => g.weights), weightData: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
      };
    },
  };
}

async function runTfjs(dir: string, x: Float32Array, shape: number[]): Promise<{ y: Float32Array; metadata: unknown }> {
  const model = await tfl.loadLayersModel(fileSystemHandler(dir));
  const input = tf.tensor(x, [SAMPLES, ...shape]);
  const y = model.predict(input) as tf.Tensor;
  const data = y.dataSync() as Float32Array;
  tf.dispose([input, y]);
  return { y: Float32Array.from(data), metadata: model.getUserDefinedMetadata() };
}

before(async () => { tf.env().set('PROD', true); await tf.setBackend('cpu'); });

describe('export round trip', () => {
  for (const c of CASES) {
    for (const format of c.formats) {
      it(`${c.name} → ${format} matches Topiary on ${SAMPLES} random inputs`, async () => {
        const { source, module, inputShape } = c.source();
        const x = new Rng(11).normal([SAMPLES, ...inputShape]).keep();
        const want = noGrad(() => tidy(() => Float32Array.from(module.forward(x).data)));
        const dir = mkdtempSync(join(tmpdir(), 'topiary-export-'));
        if (format === 'onnx') {
          const file = join(dir, 'model.onnx');
          writeExport(source, 'onnx', file);
          assertMatches(await runOnnx(file, x.data, inputShape), want, `${c.name} in onnxruntime-node`);
        } else {
          writeExport(source, 'tfjs', dir);
          const { y, metadata } = await runTfjs(dir, x.data, inputShape);
          assertMatches(y, want, `${c.name} in tfjs-layers`);
          assert.deepEqual((metadata as { topiary: { architecture: unknown } }).topiary.architecture, source.architecture);
        }
        x.dispose();
      });
    }
  }
});

describe('export refuses what a format cannot express', () => {
  it('an op graph with sin names the op and suggests onnx for tfjs', () => {
    const net = evolved(['sin'], [], 9);
    assert.throws(() => writeExport(sourceFromOpGraph(net), 'tfjs', mkdtempSync(join(tmpdir(), 'topiary-export-'))),
      /layers\[0\]\.ops\[0\] \(sin\): activation sin has no TensorFlow\.js layer.*--format onnx/);
  });

  it('max pooling with padding names the layer for tfjs', () => {
    const spec: ModelSpec = { format: 'topiary-sequential', version: 1, inputShape: [1, 6, 6], layers: [{ type: 'maxpool2d', kernel: 3, stride: 1, padding: 1 }, { type: 'flatten' }] };
    const m = buildModel(spec, 0).eval();
    assert.throws(() => writeExport(sourceFromSequential(m, [1, 6, 6]), 'tfjs', mkdtempSync(join(tmpdir(), 'topiary-export-'))),
      /layers\[0\] \(MaxPool2d\): max pooling with padding 1 has no TensorFlow\.js layer/);
  });

  it('an l2-normalised op graph says why it cannot be exported', () => {
    const net = EvolvingNet.create(3, 1, [], 0, 'l2');
    net.layers[0].addOp('add', { kind: 'input', index: 0 }, { kind: 'input', index: 1 });
    assert.throws(() => sourceFromOpGraph(net), /norm l2.*--norm batch or none/);
  });
});

describe('export sources', () => {
  it('an evolve output with several members asks for --member, and exports the chosen one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-export-'));
    const nets = [evolved(['add', 'mul'], [], 1), evolved(['add', 'tanh'], [], 2)];
    const file = join(dir, 'evolved.json');
    writeFileSync(file, JSON.stringify({ members: nets.map((n) => n.toSpec()), dataset: 'add10', seed: 1 }));
    assert.throws(() => loadExportSource(file), /ensemble of 2 op graphs; choose one with --member 0\.\.1/);
    assert.throws(() => loadExportSource(file, 2), /member: got 2/);
    const source = loadExportSource(file, 1);
    assert.deepEqual(source.lineage, { dataset: 'add10', seed: 1, member: 1, source: file });
    const out = join(dir, 'm.onnx');
    writeExport(source, 'onnx', out);
    const x = new Rng(3).normal([SAMPLES, 6]).keep();
    const want = noGrad(() => tidy(() => Float32Array.from(nets[1].forward(x).data)));
    assertMatches(await runOnnx(out, x.data, [6]), want, 'member 1 in onnxruntime-node');
    x.dispose();
  });
});

describe('every activation exports or is refused by name', () => {
  for (const op of UNARY_OPS) {
    it(`${op}: onnx matches; tfjs matches or names the activation`, async () => {
      const spec: ModelSpec = { format: 'topiary-sequential', version: 1, inputShape: [4], layers: [
        { type: 'dense', in: 4, out: 5, activation: 'identity', bias: true }, { type: 'activation', op, alpha: 0.2 }] };
      const m = buildModel(spec, 5).eval();
      // Inputs where every op is defined (log, sqrt and reciprocal need positive values).
      const positive = op === 'log' || op === 'sqrt' || op === 'reciprocal';
      const x = positive ? new Rng(4).uniform([SAMPLES, 4], 0.5, 2).keep() : new Rng(4).normal([SAMPLES, 4]).keep();
      if (positive) { m.parameters()[0].data.fill(0.25); m.parameters()[1].data.fill(0.1); }
      const want = noGrad(() => tidy(() => Float32Array.from(m.forward(x).data)));
      const dir = mkdtempSync(join(tmpdir(), 'topiary-export-'));
      const source = sourceFromSequential(m, [4]);
      writeExport(source, 'onnx', join(dir, 'm.onnx'));
      assertMatches(await runOnnx(join(dir, 'm.onnx'), x.data, [4]), want, `${op} in onnxruntime-node`);
      let exported = true;
      try { writeExport(source, 'tfjs', dir); } catch (e) {
        exported = false;
        assert.match((e as Error).message, new RegExp(`layers\\[1\\] \\(Activation\\): activation ${op} has no TensorFlow\\.js layer`));
      }
      if (exported) assertMatches((await runTfjs(dir, x.data, [4])).y, want, `${op} in tfjs-layers`);
      x.dispose();
    });
  }
});
