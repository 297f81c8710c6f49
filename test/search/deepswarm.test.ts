/**
 * DeepSwarm: the ACS rules against hand-computed values, progressive depth, weight reuse choices, the layer-graph
 * space's errors, and the strategy conformance checks (budget, reproducibility, failures, pruning, resume) on a
 * made-up score of layer graphs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readLayerGraph } from '../../src/arch/layer-graph-file.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/core/random.js';
import { type LayerNode, layerGraphLayers, layerGraphProblem } from '../../src/arch/layer-graph.js';
import { acsChoice, depositOf, globalUpdate, localUpdate } from '../../src/search/ant-colony.js';
import { deepSwarm, deepSwarmOptions, transitionKey } from '../../src/search/deepswarm.js';
import { STRATEGIES } from '../../src/search/registry.js';
import { type LayerGraphParams, layerGraphSearch, layerGraphSpace } from '../../src/search/spaces/layer-graph.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { ExperimentStore } from '../../src/store/store.js';
import { type Evaluation, PRUNERS, Study, type TrialContext, parseObjectives, runStudy } from '../../src/study/index.js';
import type { StrategyEntry } from '../../src/study/strategy.js';
import { Sequential } from '../../src/nn/sequential.js';

const SINGLE = parseObjectives('valid:max');
const space = layerGraphSearch('images', 15);

// A made-up score: convolutions and one dense layer help, a sigmoid hurts; deeper walks score higher up to 6 nodes.
const score = (p: LayerGraphParams) => 60 + p.nodes.reduce((s, n) => s + (n.type === 'conv' ? 2 + n.filters / 32 : n.type === 'dense' ? (n.activation === 'relu' ? 3 : -2) : n.type === 'pool' ? 1 : 0), 0)
  - Math.max(0, p.nodes.length - 6);
const evaluate = async (p: LayerGraphParams, t: TrialContext): Promise<Evaluation> => {
  const valid = score(p);
  await t.report(1, { valid: valid - 5, cost: 1 });
  if (t.shouldPrune()) return { metrics: { valid: valid - 5, cost: 1 }, pruned: true };
  return { metrics: { valid, cost: 10 } };
};

async function run(entry: StrategyEntry, seed: number, trials: number, o: { store?: ExperimentStore; study?: string; pruner?: boolean; evaluate?: typeof evaluate } = {}) {
  const study = await Study.open({ store: o.store ?? new MemoryStore(), name: o.study ?? 's', objectives: SINGLE, config: {}, space,
    strategy: entry.create({ space, rng: new Rng(seed), objectives: SINGLE }),
    pruner: o.pruner ? PRUNERS.asha.create({ minResource: 1, maxResource: 2, eta: 3 }) : undefined });
  return { study, trials: await runStudy({ study, evaluate: o.evaluate ?? evaluate, budget: { trials } }) };
}

describe('ant colony rules', () => {
  it('local and global updates and the deposit, by hand', () => {
    assert.ok(Math.abs(localUpdate(0.5, 0.1, 0.1) - 0.46) < 1e-12);
    assert.ok(Math.abs(globalUpdate(0.1, 0.1, 0.9) - 0.18) < 1e-12);
    assert.equal(depositOf(91.5, 'max'), 0.915);
    assert.equal(depositOf(0.5, 'min'), 0.2);
    assert.equal(depositOf(-3, 'max'), 0);
  });
  it('greediness 1 always takes the most pheromone; 0 draws in proportion', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) assert.equal(acsChoice([0.1, 0.3, 0.2], 1, rng), 1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[acsChoice([0.1, 0.3, 0.2], 0, rng)]++;
    [1 / 6, 3 / 6, 2 / 6].forEach((p, i) => assert.ok(Math.abs(counts[i] / 6000 - p) < 0.03, `option ${i}: ${counts[i]}`));
    // Greediness 0.5 with equal odds otherwise: the top option 0.5 + 0.5·(3/6) = 75% of the time.
    let top = 0;
    for (let i = 0; i < 6000; i++) top += acsChoice([0.1, 0.3, 0.2], 0.5, rng) === 1 ? 1 : 0;
    assert.ok(Math.abs(top / 6000 - 0.75) < 0.03, `${top}`);
  });
  it('options are checked with the option named', () => {
    assert.throws(() => deepSwarmOptions({ maxDepth: 0 }), /maxDepth: got "0"; expected an integer ≥ 1 \(the most nodes a walk may choose\)/);
    assert.throws(() => deepSwarmOptions({ greediness: 1.5 }), /greediness: got "1.5"; expected a number in \[0, 1\]/);
    assert.throws(() => deepSwarmOptions({ reuse: 'all' }), /reuse: got "all"; expected prefix .* or none/);
    assert.throws(() => deepSwarmOptions({ ant: 3 }), /unknown option "ant"/);
  });
});

describe('deepswarm rounds', () => {
  it('depth grows one node a round; the first ant is one node deep; local updates pull chosen pheromone towards the start', () => {
    const s = deepSwarm({ ants: 3, maxDepth: 4, reuse: 'none' }).create({ space, rng: new Rng(2), objectives: SINGLE });
    const depths: number[] = [];
    for (let k = 0; k < 1 + 3 * 4; k++) {
      const p = s.ask()!;
      const chosen = (s.notes!(p).ant as { chosen: number; depth: number });
      depths.push((s.notes!(p).ant as { depth: number }).depth);
      assert.ok(chosen.chosen <= chosen.depth && layerGraphProblem(p.nodes, 'images') === null);
      s.tell({ number: k, params: p, state: 'completed', values: [score(p)], fitness: score(p), intermediate: [] });
    }
    assert.deepEqual(depths, [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    assert.equal(s.ask(), null, 'done after the deepest round');
  });
  it('after a round the best path gains pheromone by the global rule (checked on the snapshot)', () => {
    const s = deepSwarm({ ants: 2, maxDepth: 3, reuse: 'none', greediness: 1 }).create({ space, rng: new Rng(3), objectives: SINGLE });
    const told: { p: LayerGraphParams; v: number }[] = [];
    let snapshot: Record<string, number> | null = null;
    for (let k = 0; k < 4; k++) {
      const p = s.ask()!;
      const notes = s.notes!(p);
      if (notes.pheromone && !snapshot) snapshot = notes.pheromone as Record<string, number>;
      const v = score(p) + k * 0.01;
      told.push({ p, v });
      s.tell({ number: k, params: p, state: 'completed', values: [v], fitness: v, intermediate: [] });
    }
    assert.ok(snapshot, 'the ant after round 1 carries the table');
    // Round 1 (ants 1-2) walked input→conv at position 1 twice: 0.1 → 0.1 locally (the start value), then the best ant deposits.
    const bestOfFirst3 = told.slice(0, 3).reduce((a, b) => (b.v > a.v ? b : a));
    const expected = globalUpdate(localUpdate(localUpdate(0.1, 0.1, 0.1), 0.1, 0.1), 0.1, depositOf(bestOfFirst3.v, 'max'));
    assert.ok(Math.abs(snapshot![transitionKey(1, 'input', 'conv')] - expected) < 1e-12);
  });
  it('reuse: an ant starts from the best earlier network sharing its longest prefix, until a child fails to beat it', () => {
    const s = deepSwarm({ ants: 4, maxDepth: 6, reuse: 'prefix' }).create({ space, rng: new Rng(4), objectives: SINGLE });
    const seen: { p: LayerGraphParams; v: number; n: number }[] = [];
    for (let k = 0; k < 25; k++) {
      const p = s.ask()!;
      if (p.reuse) {
        const parent = seen.find((x) => x.n === p.reuse!.parent)!;
        assert.ok(parent, 'the parent was told before');
        assert.deepEqual(p.nodes.slice(0, p.reuse.nodes), parent.p.nodes.slice(0, p.reuse.nodes));
        // Patience 1: a network one child has failed to beat is not reused again.
        assert.ok(!seen.some((x) => x.p.reuse?.parent === parent.n && !(x.v > parent.v)), `trial ${parent.n} already had a child that did not beat it`);
      }
      const v = score(p) + (k % 5) * 0.1;
      seen.push({ p, v, n: k });
      s.tell({ number: k, params: p, state: 'completed', values: [v], fitness: v, intermediate: [] });
    }
    assert.ok(seen.filter((x) => x.p.reuse).length >= 5, 'most ants after the first reuse weights');
    const none = deepSwarm({ ants: 4, maxDepth: 6, reuse: 'none' }).create({ space, rng: new Rng(4), objectives: SINGLE });
    for (let k = 0; k < 10; k++) { const p = none.ask()!; assert.equal(p.reuse, null); none.tell({ number: k, params: p, state: 'completed', values: [1], fitness: 1, intermediate: [] }); }
  });
  it('refuses a space that is not a layer graph', () => {
    assert.throws(() => STRATEGIES.deepswarm.create({ space: { name: 'nb201' } as never, rng: new Rng(0), objectives: SINGLE }),
      /strategy deepswarm walks a layer graph; space nb201 is not one \(search --space layer-graph\)/);
  });
});

describe('layer-graph space', () => {
  const conv: LayerNode = { type: 'conv', filters: 16, kernel: 3 }, dense: LayerNode = { type: 'dense', units: 64, activation: 'relu' };
  it('names the node at fault', () => {
    assert.match(layerGraphProblem([conv, dense, { type: 'flatten' }], 'images')!, /node 2 \(dense\) comes before the flatten \(node 3\): on images dense nodes go after the flatten/);
    assert.match(layerGraphProblem([conv, { type: 'flatten' }, dense, { type: 'flatten' }], 'images')!, /node 4 \(flatten\): a second flatten \(the first is node 2\)/);
    assert.match(layerGraphProblem([conv, { type: 'flatten' }, { type: 'conv', filters: 16, kernel: 3 }], 'images')!, /node 3 \(conv\) comes after the flatten/);
    assert.match(layerGraphProblem([{ type: 'conv', filters: 17, kernel: 3 }, { type: 'flatten' }], 'images')!, /node 1 \(conv\): filters must be one of 16, 32, 64, got 17/);
    assert.match(layerGraphProblem([conv, { type: 'dropout', rate: 0.1 }, { type: 'dropout', rate: 0.1 }, { type: 'flatten' }], 'images')!, /node 3 \(dropout\) cannot follow node 2 \(dropout\); after dropout come conv, pool, flatten, batchnorm/);
    assert.match(layerGraphProblem([conv, { type: 'flatten' }], 'table')!, /node 1 \(conv\): a table has no image/);
    assert.equal(layerGraphProblem([dense, { type: 'batchnorm' }, { type: 'dropout', rate: 0.3 }], 'table'), null);
    assert.throws(() => layerGraphSpace().build({ nodes: [dense], reuse: null }, [1, 8, 8], 3, 0), /space layer-graph: the list has no flatten/);
    const dir = mkdtempSync(join(tmpdir(), 'topiary-lg-'));
    writeFileSync(join(dir, 'two.json'), JSON.stringify([conv, { type: 'flatten' }, dense, { type: 'flatten' }]));
    assert.throws(() => readLayerGraph(join(dir, 'two.json'), [1, 28, 28]), /layer graph .*two\.json: node 4 \(flatten\): a second flatten/);
    writeFileSync(join(dir, 'early.json'), JSON.stringify({ nodes: [conv, dense, { type: 'flatten' }] }));
    assert.throws(() => readLayerGraph(join(dir, 'early.json'), [1, 28, 28]), /early\.json: node 2 \(dense\) comes before the flatten/);
    assert.throws(() => readLayerGraph(join(dir, 'none.json'), [1, 28, 28]), /none\.json: cannot be read \(ENOENT\)/);
  });
  it('pools that no longer fit are left out; the flatten pools down to 7×7 first', () => {
    const { layers } = layerGraphLayers([conv, { type: 'flatten' }, dense], [1, 28, 28], 10);
    assert.deepEqual(layers.map((l) => l.type), ['conv2d', 'activation', 'maxpool2d', 'maxpool2d', 'flatten', 'dense', 'dense']);
    assert.equal((layers[5] as { in: number }).in, 16 * 7 * 7);
    const tiny = layerGraphLayers([conv, { type: 'pool', pool: 'max', stride: 3 }, conv, { type: 'pool', pool: 'avg', stride: 2 }, { type: 'flatten' }], [1, 4, 4], 2).layers;
    assert.deepEqual(tiny.map((l) => l.type), ['conv2d', 'activation', 'maxpool2d', 'conv2d', 'activation', 'flatten', 'dense']);
  });
  it('a child reusing a prefix starts with the parent\'s weights there and fresh ones after; the same walk continues the parent', () => {
    const s = layerGraphSpace();
    const parentP: LayerGraphParams = { nodes: [conv, { type: 'batchnorm' }, { type: 'flatten' }, dense], reuse: null };
    const parent = s.build(parentP, [1, 8, 8], 3, 1) as Sequential;
    const childP: LayerGraphParams = { nodes: [conv, { type: 'batchnorm' }, { type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }], reuse: { parent: 0, nodes: 3 } };
    const child = s.inherit!(childP, parent, [1, 8, 8], 3, 2) as Sequential;
    const fresh = s.build(childP, [1, 8, 8], 3, 2) as Sequential;
    const data = (m: Sequential) => m.parameters().map((q) => Array.from(q.data));
    const [pd, cd, fd] = [data(parent), data(child), data(fresh)];
    assert.deepEqual(cd.slice(0, 6), pd.slice(0, 6), 'conv weights and bias, batchnorm γ β and running stats copied');
    assert.deepEqual(cd.slice(6), fd.slice(6), 'the new dense layers start fresh');
    const same = s.inherit!({ ...parentP, reuse: { parent: 0, nodes: 4 } }, parent, [1, 8, 8], 3, 2) as Sequential;
    assert.deepEqual(data(same), pd, 'the whole network, classifier too');
  });
});

describe('strategy conformance: deepswarm (layer graph)', () => {
  const entry = deepSwarm({ ants: 4, maxDepth: 8 });
  it('single objective: valid proposals, the budget, every trial stored with its ant', async () => {
    const store = new MemoryStore();
    const { study, trials } = await run(entry, 1, 30, { store });
    assert.equal(trials.length, 30);
    assert.ok(trials.every((t) => space.isValid(t.params) && t.state === 'completed'));
    const stored = await store.listTrials(study.row.id);
    assert.equal(stored.length, 30);
    assert.ok(stored.every((t) => typeof (t.attrs.ant as { round: number }).round === 'number'));
    assert.ok(stored.some((t) => t.attrs.pheromone), 'the pheromone table is kept after a global update');
  });
  it('is reproducible for a seed and differs across seeds', async () => {
    const a = (await run(entry, 5, 20)).trials.map((t) => t.arch), b = (await run(entry, 5, 20)).trials.map((t) => t.arch);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, (await run(entry, 6, 20)).trials.map((t) => t.arch));
  });
  it('survives failed trials and keeps proposing', async () => {
    let calls = 0;
    const { trials } = await run(entry, 3, 21, { evaluate: async (p, t) => { if (++calls % 3 === 0) throw new Error('worker lost'); return evaluate(p, t); } });
    assert.equal(trials.length, 21);
    assert.ok(trials.filter((t) => t.state === 'failed').length >= 5);
  });
  it('works with a pruner: pruned trials are told and the colony goes on', async () => {
    const { trials } = await run(entry, 4, 30, { pruner: true });
    assert.ok(trials.some((t) => t.state === 'pruned') && trials.some((t) => t.state === 'completed'));
    assert.equal(trials.length, 30);
  });
  it('resumes where an uninterrupted search ends', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'topiary-ds-')), 's.db');
    const whole = (await run(entry, 7, 25)).trials.map((t) => t.arch);
    const first = new SqliteStore(path);
    await run(entry, 7, 10, { store: first, study: 'cut' });
    await first.close();
    const again = new SqliteStore(path);
    let evaluated = 0;
    const { study, trials } = await run(entry, 7, 25, { store: again, study: 'cut', evaluate: (p, t) => { evaluated++; return evaluate(p, t); } });
    assert.ok(study.resumed);
    assert.equal(trials.filter((t) => t.source === 'resumed').length, 10);
    assert.equal(evaluated, trials.filter((t) => t.source === 'evaluated').length);
    assert.deepEqual(trials.map((t) => t.arch), whole);
    await again.close();
  });
  it('learns: the best of 60 trials beats the best of 60 random walks (mean of 4 seeds)', async () => {
    const best = async (e: StrategyEntry) => {
      let sum = 0;
      for (let seed = 0; seed < 4; seed++) sum += Math.max(...(await run(e, seed, 60)).trials.map((t) => t.values?.[0] ?? -Infinity));
      return sum / 4;
    };
    const colony = await best(deepSwarm({ ants: 6, maxDepth: 8, reuse: 'none' })), random = await best(STRATEGIES.random);
    assert.ok(colony > random, `deepswarm ${colony.toFixed(2)} vs random ${random.toFixed(2)}`);
  });
});
