/** Morph spaces and the strategies that grow trained networks: lineage, caps, inheritance, reproducibility, failures, resume. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, noGrad, tidy } from '../../src/core/index.js';
import { saveModel } from '../../src/io/model-file.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { type MorphParams, STRATEGIES, morphTrainable } from '../../src/search/index.js';
import { inheritedModel } from '../../src/search/train-trial.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { ExperimentStore } from '../../src/store/store.js';
import { type Evaluation, type RunTrial, Study, parseObjectives, runStudy } from '../../src/study/index.js';

const LIMITS = { inputShape: [6], outputs: 2 };
const MORPH = Object.entries(STRATEGIES).filter(([, e]) => e.needsMorphSpace);

describe('morph space', () => {
  const space = morphTrainable('mlp-stack', { ...LIMITS, maxParams: 3000 });
  const s = space.search;
  it('grows the root by steps that keep within the cap, and records the lineage', () => {
    const root = s.sample(new Rng(0));
    assert.deepEqual(root, { root: { layers: [{ width: 16, activation: 'relu' }] }, steps: [], parent: null, newSteps: 0 });
    let p: MorphParams = root;
    for (let k = 0; k < 12; k++) {
      const steps = s.candidateSteps(p);
      if (steps.length === 0) break;
      for (const step of steps) assert.ok(s.parameterCount(s.child(p, step, null)) <= 3000, JSON.stringify(step));
      p = s.child(p, steps[k % steps.length], k);
      assert.equal(p.parent, k);
      assert.equal(p.newSteps, 1);
      assert.ok(s.isValid(p));
      assert.match(s.describe(p), new RegExp(`← #${k} `));
    }
    assert.ok(p.steps.length >= 3, 'several steps fit under the cap');
    assert.deepEqual(space.lineage!(p), { parent: p.parent, steps: p.steps.slice(-1) });
    assert.throws(() => morphTrainable('conv-stack', { inputShape: [3, 32, 32], outputs: 10, maxParams: 1000 }),
      /max-params: the search starts from 8k3 · dense 64 with 9130 parameters on this data, above the cap of 1000; raise the cap/);
    assert.equal(space.lineage!(root), null);
  });

  it('a child inherits: the parent\'s saved network grown by the new steps computes what the parent computed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-morph-'));
    const parent: MorphParams = s.child(s.sample(new Rng(0)), { op: 'widen', group: 0, width: 32, noise: 0.1 }, null);
    const net = space.build(parent, LIMITS.inputShape, 2, 3) as Sequential;
    saveModel(net, LIMITS.inputShape, join(dir, 'trial-4'));
    const child = s.child(parent, s.candidateSteps(parent).find((x) => x.op === 'deepen')!, 4);
    const grown = inheritedModel({ model: join(dir, 'trial-4'), ...space.lineage!(child)! }, LIMITS.inputShape, 0) as Sequential;
    const x = new Rng(1).normal([5, 6]).keep();
    const out = (m: Sequential) => noGrad(() => tidy(() => Array.from(m.eval().forward(x).data)));
    out(net).forEach((v, i) => assert.ok(Math.abs(v - out(grown)[i]) < 1e-5));
    assert.equal(grown.parameterCount(), (space.build(child, LIMITS.inputShape, 2, 0) as Sequential).parameterCount());
    assert.throws(() => inheritedModel({ model: join(dir, 'trial-9'), parent: 9, steps: [] }, LIMITS.inputShape, 0),
      /parent trial 9 has no saved weights at .*trial-9\.json \(deleted or never written\): this trial cannot inherit them/);
    x.dispose();
  });

  it('other strategies\' spaces are refused by the morph strategies with the reason', () => {
    for (const [name, entry] of MORPH) {
      assert.throws(() => entry.create({ space: { name: 'nb201' } as never, rng: new Rng(0), objectives: parseObjectives('valid:max') }),
        new RegExp(`strategy ${name} grows trained networks by function-preserving steps; space nb201 is not a morph space`));
    }
  });
});

// A made-up score: more parameters help up to ~2,000, then hurt, so a climb has somewhere to go and a top.
const scoreOf = (space: ReturnType<typeof morphTrainable>, p: MorphParams) => { const n = space.search.parameterCount(p); return 90 - Math.abs(Math.log2(n / 2000)); };

for (const [name] of MORPH) {
  describe(`morph strategy conformance: ${name}`, () => {
    const space = morphTrainable('mlp-stack', LIMITS);
    async function search(seed: number, budget: number, o: { store?: ExperimentStore; study?: string; evaluate?: (p: MorphParams) => Promise<Evaluation> } = {}) {
      const objectives = parseObjectives('valid:max');
      const study = await Study.open({ store: o.store ?? new MemoryStore(), name: o.study ?? 's', objectives, config: { seed }, space: space.search,
        strategy: STRATEGIES[name].create({ space: space.search, rng: new Rng(seed), objectives }) });
      const evaluate = o.evaluate ?? (async (p: MorphParams) => ({ metrics: { valid: scoreOf(space, p) } }));
      return { study, trials: await runStudy({ study, evaluate, budget: { trials: budget } }) };
    }
    const archs = (ts: RunTrial<MorphParams>[]) => ts.map((t) => t.key);

    it('every trial after the root grows an earlier completed trial by one step, and the climb improves', async () => {
      const { trials } = await search(1, 30);
      assert.equal(trials.length, 30);
      assert.equal(trials[0].params.parent, null);
      const byNumber = new Map(trials.map((t) => [t.number, t]));
      for (const t of trials.slice(1)) {
        if (t.params.parent === null) continue;
        const parent = byNumber.get(t.params.parent)!;
        assert.ok(parent.number < t.number && parent.state === 'completed');
        assert.deepEqual(t.params.steps.slice(0, -1), parent.params.steps, 'a child is its parent plus one step');
      }
      assert.ok(trials.filter((t) => t.params.parent !== null).length >= 28);
      assert.ok(Math.max(...trials.map((t) => t.values![0])) > trials[0].values![0] + 1);
    });

    it('is reproducible for a seed and differs across seeds', async () => {
      assert.deepEqual(archs((await search(5, 20)).trials), archs((await search(5, 20)).trials));
      assert.notDeepEqual(archs((await search(5, 20)).trials), archs((await search(6, 20)).trials));
    });

    it('survives failed children (a parent\'s weights gone) and keeps growing from completed trials', async () => {
      let calls = 0;
      const { trials } = await search(3, 20, { evaluate: async (p) => { if (++calls % 4 === 0) throw new Error('parent trial 2 has no saved weights'); return { metrics: { valid: scoreOf(space, p) } }; } });
      assert.equal(trials.length, 20);
      assert.equal(trials.filter((t) => t.state === 'failed').length, 5);
      const failed = new Set(trials.filter((t) => t.state === 'failed').map((t) => t.number));
      assert.ok(trials.every((t) => t.params.parent === null || !failed.has(t.params.parent)), 'no child of a failed trial');
    });

    it('resumes where an uninterrupted search ends', async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'topiary-morph-resume-')), 's.db');
      const whole = archs((await search(7, 20)).trials);
      const first = new SqliteStore(path);
      await search(7, 8, { store: first, study: 'cut' });
      await first.close();
      const again = new SqliteStore(path);
      const { study, trials } = await search(7, 20, { store: again, study: 'cut' });
      assert.ok(study.resumed);
      assert.deepEqual(archs(trials), whole);
      await again.close();
    });
  });
}
