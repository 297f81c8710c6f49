/** The study loop: batch and async order, concurrency, duplicates, failures, cost budgets, and what a study refuses. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/random.js';
import { STRATEGIES } from '../../src/search/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Study, categoricalSpace, parseObjectives, runStudy } from '../../src/study/index.js';

const space = categoricalSpace('toy', [4, 4], (g) => g.join('-'));
const ONE = parseObjectives('valid:max');
const open = (store = new MemoryStore(), strategy = 'random', name = 'toy', config: Record<string, unknown> = {}) =>
  Study.open({ store, name, objectives: ONE, config, space, strategy: STRATEGIES[strategy].create({ space, rng: new Rng(3), objectives: ONE }) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('async mode keeps at most `concurrency` trials in flight and asks again as soon as one ends', async () => {
  let inFlight = 0, most = 0;
  const study = await open();
  const trials = await runStudy({ study, concurrency: 3, mode: 'async', budget: { trials: 12 }, evaluate: async (g) => {
    most = Math.max(most, ++inFlight);
    await sleep(g[0] === 0 ? 30 : 2);
    inFlight--;
    return { metrics: { valid: g[0] + g[1] } };
  } });
  assert.equal(trials.length, 12);
  assert.equal(most, 3);
  const slow = trials.findIndex((t) => t.params[0] === 0);
  if (slow >= 0 && slow < 8) assert.notEqual(trials[slow].seq, trials[slow].number + 1, 'a slow trial is told after later ones');
});

it('batch mode tells results in the order asked, whatever order they finish in', async () => {
  const study = await open();
  const trials = await runStudy({ study, concurrency: 4, budget: { trials: 12 }, evaluate: async (g) => { await sleep(10 - 2 * g[0]); return { metrics: { valid: g[0] } }; } });
  assert.deepEqual(trials.map((t) => t.number), [...Array(12).keys()]);
});

it('an architecture seen before in the session is reused, not evaluated again, and charges no cost', async () => {
  const dupSpace = categoricalSpace('dup', [4, 4], (g) => g.join('-'), (g) => String(g[0]));
  const study = await Study.open({ store: new MemoryStore(), name: 'd', objectives: ONE, config: {}, space: dupSpace,
    strategy: STRATEGIES.grid.create({ space: dupSpace, rng: new Rng(0), objectives: ONE }) });
  let calls = 0;
  const trials = await runStudy({ study, budget: { trials: 8 }, evaluate: async (g) => { calls++; return { metrics: { valid: g[0], cost: 5 } }; } });
  assert.equal(calls, 2, 'grid order 0-0…0-3, 1-0…1-3: two distinct keys');
  assert.deepEqual(trials.map((t) => t.source), ['evaluated', 'duplicate', 'duplicate', 'duplicate', 'evaluated', 'duplicate', 'duplicate', 'duplicate']);
  assert.deepEqual(trials.map((t) => t.cost), [5, 0, 0, 0, 5, 0, 0, 0]);
  assert.equal(trials[1].attrs.duplicateOf, '0');
});

it('stops after `maxFailures` failures in a row, with the last error', async () => {
  const store = new MemoryStore();
  const study = await open(store);
  await assert.rejects(runStudy({ study, budget: { trials: 10 }, maxFailures: 2, evaluate: async () => { throw new Error('disk full'); } }), /2 trials in a row failed; the last \(.*\): disk full/);
  assert.deepEqual((await store.listTrials(study.row.id)).map((t) => t.state), ['failed', 'failed']);
});

it('a cost budget stops once the cost is spent (at most one trial over)', async () => {
  const study = await open();
  const trials = await runStudy({ study, budget: { cost: 25 }, evaluate: async () => ({ metrics: { valid: 1, cost: 10 } }) });
  assert.equal(trials.length, 3);
});

it('a seconds budget asks no trial after the time is up; trials in flight finish', async () => {
  const study = await open();
  const started = Date.now();
  const trials = await runStudy({ study, concurrency: 2, mode: 'async', budget: { seconds: 0.25 }, evaluate: async () => { await sleep(60); return { metrics: { valid: 1 } }; } });
  const took = Date.now() - started;
  // 2 in flight every 60 ms for 250 ms: about 8 trials, and none started after the deadline ran longer than one trial.
  assert.ok(trials.length >= 4 && trials.length <= 12, `${trials.length} trials`);
  assert.ok(took < 250 + 60 + 100, `took ${took} ms`);
  assert.ok(trials.every((t) => t.state === 'completed'));
});

it('a study refuses other objectives or settings under its name, and a bad budget', async () => {
  const store = new MemoryStore();
  await open(store, 'random', 'x', { seed: 1 });
  await assert.rejects(Study.open({ store, name: 'x', objectives: parseObjectives('valid:min'), config: {}, space, strategy: STRATEGIES.random.create({ space, rng: new Rng(0), objectives: ONE }) }),
    /study "x" in memory: has objectives valid:max, this run valid:min: pass another --study name, or the settings it was started with/);
  await assert.rejects(open(store, 'random', 'x', { seed: 2 }), /has seed 1, this run 2/);
  await assert.rejects(runStudy({ study: await open(), budget: {}, evaluate: async () => ({ metrics: {} }) }), /give a budget of trials, cost or seconds/);
  await assert.rejects(runStudy({ study: await open(), budget: { trials: 1.5 }, evaluate: async () => ({ metrics: {} }) }), /positive integer, got 1.5/);
});
