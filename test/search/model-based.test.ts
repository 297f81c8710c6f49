/**
 * The model-based strategies beyond the shared conformance suite: the path
 * encoding of cells, TPE on numbers (univariate and joint), BANANAS's
 * predictions kept with the trials and tracking the results, and the errors
 * for spaces a strategy cannot model.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/random.js';
import { parseNb201 } from '../../src/arch/nb201.js';
import { pathEncoding, pathEncodingSize } from '../../src/arch/path-encoding.js';
import { NB201_EDGES, NB201_OPS } from '../../src/arch/nb201.js';
import { NB201_SPACE, STRATEGIES, convStackSpace, EnsemblePredictor, filteredByPredictor } from '../../src/search/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { type Evaluation, type SearchSpace, Study, dimensionSpace, parseObjectives, runStudy } from '../../src/study/index.js';
import type { DimensionPoint } from '../../src/study/index.js';

const CELL = { nodes: 4, edges: NB201_EDGES, ops: NB201_OPS };
const SINGLE = parseObjectives('y:max');

async function best<P>(strategy: string, space: SearchSpace<P>, f: (p: P) => number, seed: number, trials: number, concurrency = 1) {
  const store = new MemoryStore();
  const study = await Study.open({ store, name: 's', objectives: SINGLE, config: {}, space, strategy: STRATEGIES[strategy].create({ space, rng: new Rng(seed), objectives: SINGLE }) });
  const run = await runStudy({ study, evaluate: async (p): Promise<Evaluation> => ({ metrics: { y: f(p) } }), budget: { trials }, concurrency, mode: concurrency > 1 ? 'async' : 'batch' });
  return { top: Math.max(...run.map((t) => t.values![0])), run, rows: await store.listTrials(study.row.id) };
}

const meanOver = async (make: (seed: number) => Promise<number>) => {
  let s = 0;
  for (const seed of [0, 1, 2, 3, 4]) s += await make(seed);
  return s / 5;
};

describe('path encoding of NB201 cells', () => {
  it('counts op sequences along input-to-output paths; "none" cuts a path', () => {
    assert.equal(pathEncodingSize(CELL), 4 + 16 + 64);
    const skipOnly = pathEncoding(CELL, parseNb201('|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|'));
    assert.equal(skipOnly.reduce((a, b) => a + b, 0), 1);
    assert.equal(skipOnly[0], 1, 'one path of length 1 through skip');
    const allConv = pathEncoding(CELL, parseNb201('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|'));
    // conv3x3 is the third op that carries data: length 1 at 2, length 2 at 4 + 2·4 + 2, length 3 at 20 + 2·16 + 2·4 + 2.
    assert.deepEqual([allConv[2], allConv[14], allConv[62]], [1, 2, 1]);
    assert.equal(allConv.reduce((a, b) => a + b, 0), 4);
    assert.equal(pathEncoding(CELL, [0, 0, 0, 0, 0, 0]).reduce((a, b) => a + b, 0), 0);
    assert.equal(NB201_SPACE.encoding?.name, 'path');
  });
});

describe('TPE', () => {
  // A narrow optimum at lr = 1e-3 (log scale), 5 layers, tanh.
  const space = dimensionSpace('hp', [
    { kind: 'float', name: 'lr', low: 1e-6, high: 1, log: true },
    { kind: 'int', name: 'layers', low: 1, high: 16 },
    { kind: 'categorical', name: 'act', choices: 4, labels: ['relu', 'tanh', 'gelu', 'elu'] },
  ]);
  const f = (p: DimensionPoint) => -((Math.log10(p.lr as number) + 3) ** 2) - 0.1 * ((p.layers as number) - 5) ** 2 - (p.act === 'tanh' ? 0 : 2);

  for (const name of ['tpe', 'tpe-univariate', 'bohb', 'bananas', 'local-search']) {
    it(`${name} beats random search on a mixed float/int/categorical space (mean best of 5 seeds, 60 trials)`, async () => {
      const random = await meanOver(async (seed) => (await best('random', space, f, seed, 60)).top);
      const model = await meanOver(async (seed) => (await best(name, space, f, seed, 60)).top);
      assert.ok(model > random, `${name} ${model.toFixed(3)} vs random ${random.toFixed(3)}`);
    });
  }

  it('runs with parallel workers (constant liar): every proposal new and valid', async () => {
    const { run } = await best('tpe', space, f, 1, 40, 4);
    assert.equal(run.length, 40);
    assert.equal(new Set(run.map((t) => t.key)).size, 40);
    assert.ok(run.every((t) => space.isValid(t.params)));
  });
});

describe('BANANAS', () => {
  it('keeps its predictions with the trials, and they track the results', async () => {
    // The synthetic NB201 score of the conformance suite: convolutions help, "none" hurts.
    const score = (g: number[]) => 50 + g.reduce((s, k) => s + [0, 3, 5, 7, 2][k], 0);
    const { rows } = await best('bananas', NB201_SPACE, score, 2, 60);
    const predicted = rows.filter((r) => typeof r.attrs.predicted === 'number');
    assert.ok(predicted.length >= 40, `${predicted.length} trials carry a prediction (all after the 10 random ones)`);
    const xs = predicted.map((r) => r.attrs.predicted as number), ys = predicted.map((r) => r.values![0]);
    assert.ok(correlation(xs, ys) > 0.5, `correlation of predicted and observed ${correlation(xs, ys).toFixed(2)}`);
  });

  it('the predictor alone: fits a known function of one-hot features', () => {
    const rng = new Rng(0), x: number[][] = [], y: number[] = [];
    for (let i = 0; i < 80; i++) { const r = Array.from({ length: 12 }, () => (rng.next() < 0.3 ? 1 : 0)); x.push(r); y.push(3 * r[0] - 2 * r[5] + r[7] * r[8]); }
    const p = new EnsemblePredictor(12);
    p.fit(x, y, rng);
    const err = x.reduce((s, r, i) => s + Math.abs(p.predict(r).mean - y[i]), 0) / x.length;
    assert.ok(err < 0.3, `mean absolute training error ${err}`);
    assert.throws(() => p.fit([[1, 2]], [1], rng), /rows need 12 features/);
  });
});

describe('the predictor as a filter of other strategies', () => {
  it('regularized evolution, each proposal the best of 5 by the learned predictor, beats it unfiltered (mean best of 5 seeds, 40 trials)', async () => {
    const score = (g: number[]) => 50 + g.reduce((s, k) => s + [0, 3, 5, 7, 2][k], 0) + 2 * g[0] * Number(g[5] === 3);
    const filtered = filteredByPredictor(STRATEGIES['regularized-evolution'], 5);
    const run = async (entry: typeof filtered, seed: number) => {
      const study = await Study.open({ store: new MemoryStore(), name: 's', objectives: SINGLE, config: {}, space: NB201_SPACE, strategy: entry.create({ space: NB201_SPACE, rng: new Rng(seed), objectives: SINGLE }) });
      return Math.max(...(await runStudy({ study, evaluate: async (g): Promise<Evaluation> => ({ metrics: { y: score(g) } }), budget: { trials: 40 } })).map((t) => t.values![0]));
    };
    const plain = await meanOver((seed) => run(STRATEGIES['regularized-evolution'], seed)), withPredictor = await meanOver((seed) => run(filtered, seed));
    assert.ok(withPredictor > plain, `filtered ${withPredictor} vs plain ${plain}`);
    assert.throws(() => filtered.create({ space: convStackSpace().search, rng: new Rng(0), objectives: SINGLE }), /needs a space that declares an encoding/);
    assert.throws(() => filteredByPredictor(STRATEGIES.random, 0), /factor must be a positive integer, got 0/);
  });
});

describe('spaces a strategy cannot model', () => {
  const conv = convStackSpace().search;
  it('name the strategy, the space and what to use instead', () => {
    assert.throws(() => STRATEGIES.bananas.create({ space: conv, rng: new Rng(0), objectives: SINGLE }),
      /strategy bananas needs a space that declares an encoding of its architectures for the predictor \(path or one-hot\); space conv-stack declares none \(use tpe, local-search or regularized-evolution there\)/);
    assert.throws(() => STRATEGIES.tpe.create({ space: conv, rng: new Rng(0), objectives: SINGLE }), /strategy tpe needs a space of typed dimensions .*space conv-stack declares none/);
    assert.throws(() => STRATEGIES.bohb.create({ space: conv, rng: new Rng(0), objectives: SINGLE }), /strategy bohb needs a space of typed dimensions/);
  });
});

function correlation(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length, mb = b.reduce((s, v) => s + v, 0) / b.length;
  let ab = 0, aa = 0, bb = 0;
  a.forEach((v, i) => { ab += (v - ma) * (b[i] - mb); aa += (v - ma) ** 2; bb += (b[i] - mb) ** 2; });
  return ab / Math.sqrt(aa * bb);
}
