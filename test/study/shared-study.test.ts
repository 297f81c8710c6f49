/** Shared studies through one store: claims, a lease taken away from a silent worker, and the strategy synced from others' results. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/random.js';
import { STRATEGIES } from '../../src/search/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SharedStudy, categoricalSpace, parseObjectives } from '../../src/study/index.js';

const space = categoricalSpace('toy', [3, 3], (g) => g.join('-'));
const objectives = parseObjectives('valid:max');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(budget: number) {
  const store = new MemoryStore();
  const row = await store.createStudy('s', objectives, { strategy: 'random', seed: 1, budget });
  const join = (worker: string, staleAfterSeconds = 120) => new SharedStudy({ store, row, space, budget, worker, staleAfterSeconds, pollSeconds: 0.01,
    strategy: STRATEGIES.random.create({ space, rng: new Rng(1), objectives }) });
  return { store, row, join };
}

it('two workers with the same seed claim different architectures and together stop at the budget', async () => {
  const { store, row, join } = await setup(5);
  const a = join('a'), b = join('b');
  const got = [];
  for (let i = 0; i < 3; i++) for (const w of [a, b]) {
    const t = await w.ask();
    if (t) { got.push(t.key); await w.tell(t, { state: 'completed', metrics: { valid: i } }); }
  }
  assert.equal(got.length, 5);
  assert.equal(new Set(got).size, 5);
  assert.equal(await a.ask(), null);
  assert.deepEqual(new Set((await store.listTrials(row.id)).map((t) => t.worker)), new Set(['a', 'b']));
});

it("a silent worker loses its trial: another reaps it, runs it again, and the first one's late result is refused", async () => {
  const { store, row, join } = await setup(1);
  const slow = join('host-elsewhere:1:slow');
  const trial = (await slow.ask())!;
  await sleep(30);
  // The other worker judges heartbeats older than 20 ms stale: the slow worker's trial is failed and queued again.
  const fast = join('host-elsewhere:2:fast', 0.02);
  const again = (await fast.ask())!;
  assert.equal(again.key, trial.key);
  assert.equal(await slow.heartbeat(trial), false, 'its lease is gone');
  assert.equal(slow.shouldPrune(trial), true, 'so it stops the trial at its next report');
  await slow.tell(trial, { state: 'completed', metrics: { valid: 99 } });
  await fast.tell(again, { state: 'completed', metrics: { valid: 1 } });
  const trials = await store.listTrials(row.id);
  assert.deepEqual(trials.map((t) => [t.state, t.worker, t.values]), [['failed', 'host-elsewhere:1:slow', null], ['completed', 'host-elsewhere:2:fast', [1]]]);
  assert.match(trials[0].error!, /stale/);
});

it('a worker tells its strategy what other workers finished (regularized evolution breeds from them)', async () => {
  const store = new MemoryStore();
  const row = await store.createStudy('s', objectives, { strategy: 'regularized-evolution', seed: 1, budget: 9 });
  const told: number[] = [];
  const strategy = STRATEGIES['regularized-evolution'].create({ space, rng: new Rng(1), objectives });
  const spy = { ...strategy, name: strategy.name, ask: () => strategy.ask(), tell: (t: Parameters<typeof strategy.tell>[0]) => { told.push(t.number); strategy.tell(t); } };
  const other = new SharedStudy({ store, row, space, budget: 9, worker: 'o', strategy: STRATEGIES.random.create({ space, rng: new Rng(7), objectives }) });
  for (let i = 0; i < 3; i++) { const t = (await other.ask())!; await other.tell(t, { state: 'completed', metrics: { valid: i } }); }
  const me = new SharedStudy({ store, row, space, budget: 9, worker: 'me', strategy: spy });
  await me.ask();
  assert.deepEqual(told, [0, 1, 2]);
});
