/** Weight-agnostic search: shared-weight evaluation, the operators, ranking, determinism and resuming, the tasks. */
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/random.js';
import { deskew, resizeArea } from '../../src/data/deskew.js';
import { activate } from '../../src/neat/activations.js';
import { type Genome, checkGenome, enabledCount } from '../../src/neat/genome.js';
import { compile } from '../../src/neat/network.js';
import { runWann } from '../../src/neat/run-wann.js';
import { hangingStarts, swingupEpisodes } from '../../src/neat/tasks/swingup.js';
import { xorTask } from '../../src/neat/tasks/xor.js';
import { WANN_WEIGHTS, Wann } from '../../src/neat/wann.js';
import { scoreInThread, workerScorer } from '../../src/neat/population-scorer.js';
import { makeTask } from '../../src/neat/tasks/index.js';

/** 2 inputs, bias, one output (tanh) and two hidden nodes (sin, gaussian), with a hidden→hidden connection. */
const small = (weights: number[]): Genome => ({
  format: 'topiary-genome', version: 1,
  nodes: [{ id: 0, kind: 'input', activation: 'linear' }, { id: 1, kind: 'input', activation: 'linear' }, { id: 2, kind: 'bias', activation: 'linear' },
    { id: 3, kind: 'output', activation: 'tanh' }, { id: 4, kind: 'hidden', activation: 'sin' }, { id: 5, kind: 'hidden', activation: 'gaussian' }],
  connections: [[0, 4], [1, 4], [2, 5], [4, 5], [5, 3], [0, 3]].map(([from, to], i) => ({ innovation: i, from, to, weight: weights[i], enabled: true })),
});

/** The same network by hand, in double precision. */
function byHand(w: number[], x0: number, x1: number): number {
  const h4 = activate('sin', w[0] * x0 + w[1] * x1), h5 = activate('gaussian', w[2] + w[3] * h4);
  return activate('tanh', w[4] * h5 + w[5] * x0);
}

describe('weight-agnostic evaluation', () => {
  const x = Float32Array.from([0.3, -0.7, 1.2, 0.5, -1, 2]);
  it('a shared weight w gives what the genome gives with every weight set to w, for a sweep and per row', () => {
    const net = compile(small([1, 1, 1, 1, 1, 1]));
    const shared = net.evaluateShared(x, 3, [-1.5, 0.5, 2]);
    [-1.5, 0.5, 2].forEach((w, k) => {
      const own = compile(small(Array(6).fill(w))).evaluate(x, 3);
      for (let r = 0; r < 3; r++) {
        assert.ok(Math.abs(shared[k][r] - own[r]) < 1e-5, `w ${w} row ${r}`);
        assert.ok(Math.abs(own[r] - byHand(Array(6).fill(w), x[2 * r], x[2 * r + 1])) < 1e-5, `by hand, w ${w} row ${r}`);
      }
    });
    const rows = net.evaluateRows(x, 3, Float32Array.from([-1.5, 0.5, 2]));
    for (let r = 0; r < 3; r++) assert.ok(Math.abs(rows[r] - shared[r][r]) < 1e-6);
  });

  it('uses each genome weight, including those between hidden nodes', () => {
    const w = [0.5, -1.25, 0.3, 2, -0.7, 1.1], out = compile(small(w)).evaluate(x, 3);
    for (let r = 0; r < 3; r++) assert.ok(Math.abs(out[r] - byHand(w, x[2 * r], x[2 * r + 1])) < 1e-5);
  });
});

describe('wann search', () => {
  it('keeps every genome valid and feed-forward through many generations of all four operators', () => {
    const wann = new Wann({ inputs: 3, outputs: 2, population: 30, seed: 4, complexityRanking: 0, changeActivation: 1, addNode: 1, addConnection: 1, enable: 1 });
    const rng = new Rng(9);
    for (let gen = 0; gen < 40; gen++) wann.tell(wann.genomes.map(() => { const m = rng.next(); return { mean: m, max: m + rng.next() }; }));
    for (const g of wann.genomes) checkGenome(g);
    assert.ok(Math.max(...wann.genomes.map(enabledCount)) > 8, 'the networks grew');
    assert.ok(wann.genomes.some((g) => g.nodes.some((n) => n.kind === 'hidden' && n.activation !== wann.genomes[0].nodes[0].activation)));
  });

  it('ranks by fronts: a network better in mean and smaller first, then fewer connections at equal mean', () => {
    const wann = new Wann({ inputs: 2, outputs: 1, population: 3, seed: 0, complexityRanking: 1 });
    const [a, b, c] = wann.genomes;
    a.connections.forEach((x) => { x.enabled = true; });
    b.connections.forEach((x, i) => { x.enabled = i < 2; });
    c.connections.forEach((x, i) => { x.enabled = i === 0; });
    const order = wann.rank([{ mean: 1, max: 1 }, { mean: 1, max: 1 }, { mean: 2, max: 2 }]);
    assert.equal(order[0], 2);
    assert.deepEqual(order.slice(1), [1, 0]);
  });

  it('solves XOR for a shared weight, the same seed gives the same run, and a resumed run ends as an unbroken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wann-')), checkpoint = join(dir, 'ck.json');
    try {
      const o = { task: xorTask(), population: 64, seed: 3 };
      const full = await runWann({ ...o, generations: 80 });
      assert.deepEqual((await runWann({ ...o, generations: 80 })).champion, full.champion);
      await runWann({ ...o, generations: 30, checkpoint });
      const resumed = await runWann({ ...o, generations: 80, checkpoint });
      assert.deepEqual(resumed.champion, full.champion);
      assert.deepEqual(resumed.history, full.history);
      assert.ok(full.tunedScore > 0.85, `tuned XOR score ${full.tunedScore}`);
      assert.ok(full.history.at(-1)!.bestMean > full.history[0].bestMean, 'the search improved on the first generation');
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('population scoring in worker threads', () => {
  it('gives every genome the scores it gets in this thread, in order, so a run is the same with any number of workers', async () => {
    const spec = { name: 'swingup', episodes: 1 }, task = makeTask(spec);
    const wann = new Wann({ inputs: task.inputs, outputs: 1, population: 24, seed: 2, ...task.wannDefaults });
    for (let gen = 0; gen < 5; gen++) wann.tell(wann.genomes.map((_, i) => ({ mean: i % 7, max: i % 5 })));
    const scorer = workerScorer(spec, 2);
    try {
      const here = scoreInThread(task, wann.genomes, WANN_WEIGHTS, 11);
      assert.deepEqual(await scorer.score(wann.genomes, WANN_WEIGHTS, 11), here);
      const o = { task, population: 16, seed: 5, generations: 3 };
      const alone = await runWann(o), pooled = await runWann({ ...o, scorer });
      assert.deepEqual(pooled.history, alone.history);
      assert.deepEqual(pooled.champion, alone.champion);
    } finally { await scorer.close(); }
  });
});

describe('tasks', () => {
  it('swing-up: an idle cart earns the hanging pole\'s small reward, a pushing one leaves the track early', () => {
    const starts = new Float64Array([0, 0, Math.PI, 0]);
    const idle = swingupEpisodes((_o, n) => new Float32Array(n), starts)[0];
    assert.ok(idle >= 0 && idle < 5, `idle ${idle}`);
    const push = swingupEpisodes((_o, n) => new Float32Array(n).fill(1), starts)[0];
    assert.ok(push < 150, `pushing ${push}`);
    const upright = swingupEpisodes((_o, n) => new Float32Array(n), new Float64Array([0, 0, 0, 0]))[0];
    assert.ok(upright > 900, `a pole starting upright at the centre stays near it for a while: ${upright}`);
    assert.deepEqual(hangingStarts(3, new Rng(1)), hangingStarts(3, new Rng(1)));
  });

  it('deskewing removes the slant of a sheared stroke, and area shrinking keeps the mean', () => {
    const h = 28, w = 28, img = new Float32Array(h * w);
    for (let y = 4; y < 24; y++) { const x = Math.round(8 + 0.5 * (y - 4)); img[y * w + x] = 1; img[y * w + x + 1] = 1; }
    const straight = deskew(img, h, w);
    let m = 0, my = 0, mx = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { m += straight[y * w + x]; my += y * straight[y * w + x]; mx += x * straight[y * w + x]; }
    my /= m; mx /= m;
    let cov = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) cov += straight[y * w + x] * (y - my) * (x - mx);
    assert.ok(Math.abs(cov / m) < 0.5, `row-column covariance after deskewing ${cov / m}`);
    assert.ok(Math.abs(mx - 13.5) < 0.6 && Math.abs(my - 13.5) < 0.6, `centred: ${mx}, ${my}`);
    const small16 = resizeArea(img, h, w, 16, 16);
    const meanOf = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(Math.abs(meanOf(small16) - meanOf(img)) < 1e-6);
  });
});
