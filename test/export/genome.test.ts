/** Genomes (NEAT, weight-agnostic) exported to ONNX run in onnxruntime-node and give the network's own outputs. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Rng } from '../../src/core/random.js';
import { loadExportSource, writeExport } from '../../src/export/index.js';
import { ACTIVATION_NAMES } from '../../src/neat/activations.js';
import type { Genome } from '../../src/neat/genome.js';
import { compile } from '../../src/neat/network.js';
import { Wann } from '../../src/neat/wann.js';

const ROWS = 100;

async function runOnnx(file: string, x: Float32Array, inputs: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(readFileSync(file));
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [ROWS, inputs]) });
  return out[session.outputNames[0]].data as Float32Array;
}

function assertClose(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-4 * (1 + Math.abs(want[i])), `${what}: output ${i} is ${got[i]}, Topiary gives ${want[i]}`);
}

/** A grown genome: every activation on some hidden node, hidden→hidden connections, random own weights. */
function grown(seed: number): Genome {
  const wann = new Wann({ inputs: 4, outputs: 3, population: 8, seed, initEnable: 0.5, addConnection: 1, addNode: 1, changeActivation: 0.5, complexityRanking: 0, hiddenActivations: ACTIVATION_NAMES.filter((a) => a !== 'step') });
  for (let gen = 0; gen < 40; gen++) wann.tell(wann.genomes.map((_, i) => ({ mean: i, max: i })));
  const g = wann.genomes.reduce((a, b) => (b.nodes.length > a.nodes.length ? b : a));
  const rng = new Rng(seed);
  for (const c of g.connections) c.weight = rng.next() * 2 - 1;
  return g;
}

describe('genome export to ONNX', () => {
  const dir = mkdtempSync(join(tmpdir(), 'genome-export-'));
  const rng = new Rng(7), x = Float32Array.from({ length: ROWS * 4 }, () => rng.next() * 4 - 2);

  it('a genome with its own weights gives what Topiary evaluates, for every activation', async () => {
    for (const seed of [1, 2, 3]) {
      const g = grown(seed), file = join(dir, `g${seed}.json`), onnx = join(dir, `g${seed}.onnx`);
      assert.ok(g.nodes.filter((n) => n.kind === 'hidden').length >= 5 && g.connections.some((c) => c.enabled && c.from >= 8 && g.nodes.find((n) => n.id === c.to)!.kind === 'hidden'), 'the genome has hidden→hidden connections');
      writeFileSync(file, JSON.stringify(g));
      writeExport(loadExportSource(file), 'onnx', onnx);
      assertClose(await runOnnx(onnx, x, 4), compile(g).evaluate(x, ROWS), `seed ${seed}`);
    }
    const used = new Set([1, 2, 3].flatMap((s) => grown(s).nodes.map((n) => n.activation)));
    assert.ok(used.size >= 8, `activations covered: ${[...used].join(', ')}`);
  });

  it('a weight-agnostic champion exports at its tuned shared weight', async () => {
    const g = grown(4), file = join(dir, 'champion.json'), onnx = join(dir, 'champion.onnx');
    writeFileSync(file, JSON.stringify({ ...g, wann: { task: 'test', tunedWeight: -1.35, seed: 0 } }));
    writeExport(loadExportSource(file), 'onnx', onnx);
    assertClose(await runOnnx(onnx, x, 4), compile(g).evaluateShared(x, ROWS, [-1.35])[0], 'shared weight');
  });

  it('refuses a genome with a cycle, naming the connection', () => {
    const g = grown(5), hidden = g.nodes.filter((n) => n.kind === 'hidden').map((n) => n.id);
    const into = g.connections.find((c) => c.enabled && hidden.includes(c.to))!;
    g.connections.push({ innovation: 999, from: into.to, to: into.from === 4 ? into.to : into.from, weight: 1, enabled: true });
    const file = join(dir, 'cycle.json');
    writeFileSync(file, JSON.stringify(g));
    assert.throws(() => loadExportSource(file), /cycle|goes into|feed-forward/);
    rmSync(dir, { recursive: true, force: true });
  });
});
