/**
 * One suite for every search strategy in the registry, through the study core
 * on a synthetic NB201-shaped table (no shared data needed): single- and
 * multi-objective studies, failed and pruned trials, and resume.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/core/random.js';
import { parseNb201, formatNb201 } from '../../src/arch/nb201.js';
import { type MlpStack, NB201_SPACE, STRATEGIES, loadTabular, loadTabularFidelities, mlpStackSpace, tabularEvaluator } from '../../src/search/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { ExperimentStore } from '../../src/store/store.js';
import { type Evaluation, type Objective, PRUNERS, type RunTrial, Study, hypervolume, parseObjectives, runStudy } from '../../src/study/index.js';
import type { Genotype } from '../../src/study/space.js';

// Every one of the 5^6 cells, with a smooth made-up score (convs help, "none" hurts), a cost that grows with the convs, and a noisy low fidelity.
const dir = mkdtempSync(join(tmpdir(), 'topiary-nb-'));
const csv = join(dir, 'table.csv');
const rows = ['arch,valid,test,cost,valid_low,cost_low'];
for (let i = 0; i < 5 ** 6; i++) {
  const g = Array.from({ length: 6 }, (_, e) => Math.floor(i / 5 ** e) % 5);
  const valid = 50 + g.reduce((s, k) => s + [0, 3, 5, 7, 2][k], 0) + (i % 7) * 0.1;
  const cost = 100 + g.reduce((s, k) => s + [0, 0, 20, 40, 5][k], 0) + (i % 13);
  rows.push(`${formatNb201(g)},${valid},${valid - 0.5},${cost},${valid - 10 + (i % 5)},${cost / 16}`);
}
writeFileSync(csv, rows.join('\n'));
const bench = loadTabular(csv, { archCol: 'arch', validCol: 'valid', testCol: 'test', costCol: 'cost' });
const twoFidelities = loadTabularFidelities('two', [
  { file: csv, step: 12, archCol: 'arch', validCol: 'valid_low', costCol: 'cost_low' },
  { file: csv, step: 200, archCol: 'arch', validCol: 'valid', costCol: 'cost', testCol: 'test' },
]);
/** A cheap estimate for strategies that take one (proxy-pick): how many edges are convolutions. */
const convCount = (g: Genotype) => g.filter((k) => k === 2 || k === 3).length;
const SINGLE = parseObjectives('valid:max'), DOUBLE = parseObjectives('valid:max,cost:min');

async function search(name: string, seed: number, budget: number, o: { objectives?: Objective[]; store?: ExperimentStore; study?: string; evaluate?: (g: Genotype, t: Parameters<ReturnType<typeof tabularEvaluator>>[1]) => Promise<Evaluation>; pruner?: string; cost?: number } = {}) {
  const objectives = o.objectives ?? SINGLE;
  const store = o.store ?? new MemoryStore();
  const study = await Study.open({ store, name: o.study ?? `${name}-${seed}`, objectives, config: { strategy: name, seed }, space: NB201_SPACE,
    strategy: STRATEGIES[name].create({ space: NB201_SPACE, rng: new Rng(seed), objectives, estimate: convCount }),
    pruner: o.pruner ? PRUNERS[o.pruner].create({ minResource: 12, maxResource: 200, eta: 3 }) : undefined });
  const trials = await runStudy({ study, evaluate: o.evaluate ?? tabularEvaluator(o.pruner ? twoFidelities : bench, NB201_SPACE), budget: o.cost ? { cost: o.cost } : { trials: budget } });
  return { study, trials };
}

const archs = (ts: RunTrial<Genotype>[]) => ts.map((t) => t.arch);

describe('NB201 cell strings and tables', () => {
  it('parse and format round-trip; errors name the problem', () => {
    const s = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
    assert.equal(formatNb201(parseNb201(s)), s);
    assert.equal(bench.size, 15625);
    assert.deepEqual(twoFidelities.steps, [12, 200]);
    assert.throws(() => parseNb201('|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|'), /unknown op "conv"/);
    assert.throws(() => parseNb201('|none~0|+|none~0|'), /expected 3 node groups/);
    assert.throws(() => loadTabular(csv, { archCol: 'arch', validCol: 'acc', testCol: 'test', costCol: 'cost' }), /no column "acc" for validCol/);
  });
});

// Strategies that grow trained networks need a morph space, DeepSwarm a layer graph; their conformance runs in morph-search.test.ts and deepswarm.test.ts.
const ANY_SPACE = Object.entries(STRATEGIES).filter(([, e]) => !e.needsMorphSpace && !e.needsLayerGraph);

for (const [name, entry] of ANY_SPACE) {
  describe(`strategy conformance: ${name}`, () => {
    it('single objective: valid proposals, the budget, no repeats, every trial stored', async () => {
      const store = new MemoryStore();
      const { study, trials } = await search(name, 1, 150, { store });
      assert.equal(trials.length, 150);
      assert.equal(new Set(trials.map((t) => t.key)).size, 150);
      for (const t of trials) assert.ok(NB201_SPACE.isValid(t.params) && t.state === 'completed');
      const stored = await store.listTrials(study.row.id);
      assert.equal(stored.length, 150);
      assert.ok(stored.every((t) => t.state === 'completed' && t.values?.[0] === t.attrs.valid));
    });

    it('is reproducible for a seed (and, unless deterministic by design, differs across seeds)', async () => {
      const a = archs((await search(name, 5, 40)).trials), b = archs((await search(name, 5, 40)).trials);
      assert.deepEqual(a, b);
      if (name !== 'grid') assert.notDeepEqual(a, archs((await search(name, 6, 40)).trials));
    });

    it('two objectives: runs, and its trials span a front with positive hypervolume', async () => {
      const { trials } = await search(name, 2, 60, { objectives: DOUBLE });
      assert.equal(trials.length, 60);
      assert.ok(trials.every((t) => t.values?.length === 2));
      assert.ok(hypervolume(DOUBLE, trials.map((t) => t.values!), [bench.worst('valid'), bench.worst('cost')]) > 0);
    });

    it('survives failed trials and keeps proposing', async () => {
      let calls = 0;
      const base = tabularEvaluator(bench, NB201_SPACE);
      const { trials } = await search(name, 3, 30, { evaluate: async (g, t) => { if (++calls % 3 === 0) throw new Error('worker lost'); return base(g, t); } });
      assert.equal(trials.length, 30);
      assert.equal(trials.filter((t) => t.state === 'failed').length, 10);
      assert.ok(trials.filter((t) => t.state === 'failed').every((t) => t.error === 'worker lost' && t.values === null));
    });

    it('works with a pruner on two fidelities: pruned trials are told and cost only their low fidelity', async () => {
      const { trials } = await search(name, 4, 0, { pruner: 'asha', cost: 40 * bench.meanCost });
      const pruned = trials.filter((t) => t.state === 'pruned');
      assert.ok(pruned.length > 0, 'something is pruned');
      assert.ok(pruned.every((t) => t.metrics.fidelity === 12 && t.cost < 20));
      // Judged by this run's own full evaluations: a strategy that proposes costlier networks than the table's mean still saves by pruning.
      const full = trials.filter((t) => t.state === 'completed'), spent = trials.reduce((s, t) => s + t.cost, 0);
      const fullCost = full.reduce((s, t) => s + t.cost, 0) / full.length;
      assert.ok(trials.length > spent / fullCost, `more trials (${trials.length}) than full evaluations fit in the cost spent (${(spent / fullCost).toFixed(1)})`);
    });

    it('resumes: a study reopened in the same store answers finished trials from it and ends where an uninterrupted one ends', async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'topiary-resume-')), 's.db');
      const whole = archs((await search(name, 7, 40)).trials);
      const first = new SqliteStore(path);
      await search(name, 7, 15, { store: first, study: 'cut' });
      await first.close();
      const again = new SqliteStore(path);
      let evaluated = 0;
      const base = tabularEvaluator(bench, NB201_SPACE);
      const { study, trials } = await search(name, 7, 40, { store: again, study: 'cut', evaluate: (g, t) => { evaluated++; return base(g, t); } });
      assert.ok(study.resumed);
      assert.equal(evaluated, 25, 'only the 25 trials not finished before are evaluated');
      assert.deepEqual(archs(trials), whole);
      assert.equal(trials.filter((t) => t.source === 'resumed').length, 15);
      assert.equal((await again.listTrials(study.row.id)).length, 40);
      await again.close();
      assert.ok(entry.description.length > 0);
    });
  });
}

it('the model-based strategies beat random search on a structured table (mean of 5 seeds, 200 trials)', async () => {
  const best = async (n: string) => {
    let s = 0;
    for (const seed of [0, 1, 2, 3, 4]) s += Math.max(...(await search(n, seed, 200)).trials.map((t) => t.values![0]));
    return s / 5;
  };
  const random = await best('random');
  for (const n of ['regularized-evolution', 'genetic', 'reinforce', 'nsga2']) { const m = await best(n); assert.ok(m > random, `${n}: ${m} vs random ${random}`); }
});

it('NSGA-II beats random search on hypervolume of (valid, cost) on a structured table (mean of 5 seeds, 100 trials)', async () => {
  const ref = [bench.worst('valid'), bench.worst('cost')];
  const hv = async (n: string) => {
    let s = 0;
    for (const seed of [0, 1, 2, 3, 4]) s += hypervolume(DOUBLE, (await search(n, seed, 100, { objectives: DOUBLE })).trials.map((t) => t.values!), ref);
    return s / 5;
  };
  const [nsga, random] = [await hv('nsga2'), await hv('random')];
  assert.ok(nsga > random, `nsga2 ${nsga} vs random ${random}`);
});

describe('a variable-length space (mlp-stack: 1-4 layers of width × activation)', () => {
  const stack = mlpStackSpace().search;
  // A made-up score that prefers two wide relu layers: strategies that learn should find it more often than chance.
  const score = (p: MlpStack) => 50 - 5 * Math.abs(p.layers.length - 2) + p.layers.reduce((s, l) => s + Math.log2(l.width) + (l.activation === 'relu' ? 1 : 0), 0);
  const evaluate = async (p: MlpStack): Promise<Evaluation> => ({ metrics: { valid: score(p), params: p.layers.reduce((s, l) => s + l.width, 0) } });
  for (const [name, entry] of ANY_SPACE) {
    it(`${name}: ${entry.needsChoices ? 'refuses it with a clear error' : 'searches it with one and two objectives, valid and without repeats'}`, async () => {
      const make = (objectives: Objective[]) => entry.create({ space: stack, rng: new Rng(1), objectives, estimate: score });
      if (entry.needsChoices) {
        assert.throws(() => make(SINGLE), new RegExp(`strategy ${name} needs a space of fixed categorical decisions; space mlp-stack has none`));
        return;
      }
      for (const objectives of [SINGLE, parseObjectives('valid:max,params:min')]) {
        const study = await Study.open({ store: new MemoryStore(), name: 's', objectives, config: {}, space: stack, strategy: make(objectives) });
        const trials = await runStudy({ study, evaluate, budget: { trials: 60 } });
        assert.equal(trials.length, 60);
        assert.ok(trials.every((t) => stack.isValid(t.params)));
        assert.equal(new Set(trials.map((t) => t.key)).size, 60);
        assert.ok(new Set(trials.map((t) => t.params.layers.length)).size > 1, 'depths vary');
      }
    });
  }
});
