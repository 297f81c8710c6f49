/** One suite for every store backend: runs, studies, trials with intermediate values, leases and stale trials. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORE_SCHEMES, openStore } from '../../src/store/open.js';
import { testPostgresUrl } from '../postgres-server.js';

await testPostgresUrl();

const past = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

for (const [scheme, { testUrl }] of Object.entries(STORE_SCHEMES)) {
  const make = () => testUrl(mkdtempSync(join(tmpdir(), 'topiary-store-')));
  describe(`store conformance: ${scheme}`, () => {
    it('runs: create, epochs (NaN dropped), artifacts, finish, list, reopen', async () => {
      const s = await openStore((await make()).url);
      const id = await s.createRun('exp-a', 'train', { lr: 0.01 });
      await s.logEpoch(id, 1, { loss: 0.5, acc: 0.8, bad: Number.NaN });
      await s.logEpoch(id, 2, { loss: 0.4, acc: 0.85 });
      await s.logEpoch(id, 2, { loss: 0.3 });
      await s.addArtifact(id, 'model', '/tmp/m.json');
      assert.equal((await s.listRuns())[0].status, 'running');
      await s.finishRun(id, 'completed', { testAccuracy: 0.9 });
      const run = (await s.getRun(id))!;
      assert.deepEqual([run.status, run.params, run.summary], ['completed', { lr: 0.01 }, { testAccuracy: 0.9 }]);
      assert.deepEqual(run.metrics.map((m) => `${m.epoch}:${m.name}=${m.value}`), ['1:acc=0.8', '1:loss=0.5', '2:acc=0.85', '2:loss=0.3']);
      assert.deepEqual(run.artifacts, [{ kind: 'model', path: '/tmp/m.json' }]);
      const other = await s.createRun('exp-b', 'search', {});
      await s.finishRun(other, 'failed', undefined, 'boom');
      assert.deepEqual((await s.listRuns({ experiment: 'exp-b' })).map((r) => [r.id, r.error]), [[other, 'boom']]);
      assert.deepEqual((await s.listRuns({ limit: 1 })).map((r) => r.id), [other], 'newest first');
      await s.reopenRun(other);
      assert.equal((await s.getRun(other))!.status, 'running');
      assert.equal(await s.getRun(999), null);
      await s.close();
    });

    it('studies: created once by name, objectives and config kept, status and summary', async () => {
      const s = await openStore((await make()).url);
      const a = await s.createStudy('st', [{ name: 'valid', direction: 'max' }, { name: 'params', direction: 'min' }], { strategy: 'nsga2', seed: 1 });
      const again = await s.createStudy('st', [{ name: 'other', direction: 'min' }], { strategy: 'x' });
      assert.equal(again.id, a.id);
      assert.deepEqual(again.objectives, a.objectives);
      assert.deepEqual(again.config, { strategy: 'nsga2', seed: 1 });
      assert.equal(await s.getStudy('missing'), null);
      await s.setStudyStatus(a.id, 'completed', { best: 1 });
      const done = (await s.getStudy('st'))!;
      assert.deepEqual([done.status, done.summary], ['completed', { best: 1 }]);
      assert.ok(done.finishedAt !== null);
      await s.createStudy('st2', [{ name: 'valid', direction: 'max' }], {});
      assert.deepEqual((await s.listStudies()).map((x) => x.name), ['st', 'st2']);
      await s.close();
    });

    it('trials: numbered per study, any JSON params, intermediate values by step, finish states, leases', async () => {
      const s = await openStore((await make()).url);
      const st = await s.createStudy('t', [{ name: 'valid', direction: 'max' }], {});
      const other = await s.createStudy('u', [{ name: 'valid', direction: 'max' }], {});
      const params = [[1, 2, 3], { layers: [{ width: 64 }, { width: 32 }] }, '|skip~0|'];
      const trials = [];
      for (const p of params) trials.push(await s.createTrial(st.id, p, JSON.stringify(p), 'w1'));
      const foreign = await s.createTrial(other.id, [0], '0', 'w1');
      assert.deepEqual(trials.map((t) => t.number), [0, 1, 2]);
      assert.equal(foreign.number, 0);
      assert.deepEqual(trials.map((t) => t.params), params);
      assert.ok(trials.every((t) => t.state === 'running' && t.worker === 'w1' && t.values === null));
      await s.reportIntermediate(trials[0].id, 1, { valid: 50 });
      await s.reportIntermediate(trials[0].id, 2, { valid: 60, cost: 3 });
      await s.reportIntermediate(trials[0].id, 2, { valid: 61, cost: 3 });
      await s.finishTrial(trials[0].id, 'completed', [61], { valid: 61, test: 60, model: 'm.json' });
      await s.finishTrial(trials[1].id, 'pruned', [40], { valid: 40 });
      await s.finishTrial(trials[2].id, 'failed', null, {}, 'out of memory');
      const got = await s.listTrials(st.id);
      assert.deepEqual(got.map((t) => t.state), ['completed', 'pruned', 'failed']);
      assert.deepEqual(got[0].intermediate, [{ step: 1, metrics: { valid: 50 } }, { step: 2, metrics: { valid: 61, cost: 3 } }]);
      assert.deepEqual([got[0].values, got[0].attrs], [[61], { valid: 61, test: 60, model: 'm.json' }]);
      assert.deepEqual([got[2].values, got[2].error], [null, 'out of memory']);
      assert.deepEqual((await s.listTrials(st.id, { states: ['pruned', 'failed'] })).map((t) => t.number), [1, 2]);
      assert.equal(await s.heartbeatTrial(trials[0].id), false, 'a finished trial has no lease to renew');
      assert.equal(await s.heartbeatTrial(foreign.id), true);
      assert.equal((await s.getTrial(foreign.id))!.studyId, other.id);
      await s.close();
    });

    it('stale trials: no heartbeat since the cut-off, or a dead worker, are marked failed; live ones stay', async () => {
      const s = await openStore((await make()).url);
      const st = await s.createStudy('stale', [{ name: 'valid', direction: 'max' }], {});
      const old = await s.createTrial(st.id, [0], 'a', 'host:1:dead');
      const live = await s.createTrial(st.id, [1], 'b', 'host:2:live');
      const done = await s.createTrial(st.id, [2], 'c', 'host:1:dead');
      await s.finishTrial(done.id, 'completed', [1], { valid: 1 });
      assert.deepEqual(await s.failStaleTrials(st.id, { heartbeatBefore: past(60) }), []);
      assert.deepEqual(await s.failStaleTrials(st.id, { heartbeatBefore: past(60), deadWorkers: ['host:1:dead'] }), [old.id]);
      const after = await s.listTrials(st.id);
      assert.deepEqual(after.map((t) => t.state), ['failed', 'running', 'completed']);
      assert.match(after[0].error!, /stale: its worker host:1:dead stopped sending heartbeats/);
      assert.equal(await s.heartbeatTrial(old.id), false, 'a worker whose trial was taken away learns it at its next heartbeat');
      await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(await s.failStaleTrials(st.id, { heartbeatBefore: new Date().toISOString() }), [live.id]);
      await s.close();
    });

    it('claims: a new trial unless its key is taken or the budget is full; waiting trials claimed once; finish order and leases', async () => {
      const s = await openStore((await make()).url);
      const st = await s.createStudy('claims', [{ name: 'valid', direction: 'max' }], {});
      const a = await s.claimNewTrial(st.id, [0], 'k0', 'w1', 3);
      assert.ok('trial' in a && a.trial.state === 'running' && a.trial.worker === 'w1' && a.trial.number === 0);
      assert.deepEqual(await s.claimNewTrial(st.id, [0], 'k0', 'w2', 3), { taken: true });
      const b = await s.claimNewTrial(st.id, [1], 'k1', 'w2', 3);
      const c = await s.claimNewTrial(st.id, [2], 'k2', 'w2', 3);
      assert.ok('trial' in b && 'trial' in c);
      assert.deepEqual(await s.claimNewTrial(st.id, [3], 'k3', 'w1', 3), { full: true });
      // A failed trial frees its key and its place in the budget.
      await s.finishTrial(c.trial.id, 'failed', null, {}, 'boom');
      assert.ok('trial' in await s.claimNewTrial(st.id, [2], 'k2', 'w1', 3));
      // Finish numbers follow the order trials finished; a lease held by another worker refuses the result.
      assert.equal(await s.finishTrial(b.trial.id, 'completed', [1], { valid: 1 }, undefined, 'w1'), false, 'w1 does not hold b');
      assert.equal(await s.finishTrial(b.trial.id, 'completed', [1], { valid: 1 }, undefined, 'w2'), true);
      assert.equal(await s.finishTrial(a.trial.id, 'completed', [2], { valid: 2 }), true);
      const finished = await s.listTrials(st.id, { finishedAfter: 0 });
      assert.deepEqual(finished.map((t) => [t.paramsKey, t.finishSeq]), [['k2', 1], ['k1', 2], ['k0', 3]]);
      assert.deepEqual((await s.listTrials(st.id, { finishedAfter: 2 })).map((t) => t.paramsKey), ['k0']);
      assert.deepEqual((await s.listTrials(st.id, { afterId: b.trial.id })).map((t) => t.number), [2, 3]);
      // Waiting trials: enqueued without a worker, each claimed by exactly one worker.
      const w = await s.enqueueTrial(st.id, [9], 'k9');
      assert.deepEqual([w.state, w.worker, w.number], ['waiting', null, 4]);
      const [x, y] = await Promise.all([s.claimWaitingTrial(st.id, 'w1'), s.claimWaitingTrial(st.id, 'w2')]);
      assert.equal([x, y].filter((t) => t !== null).length, 1);
      const got = (x ?? y)!;
      assert.deepEqual([got.id, got.state, got.params], [w.id, 'running', [9]]);
      assert.equal(await s.claimWaitingTrial(st.id, 'w1'), null);
      await s.close();
    });

    it('keeps everything across close and reopen (persistent backends)', async () => {
      const { url, persistent } = await make();
      const opened = await openStore(url);
      // The store says of itself whether it outlives the process; callers refuse sharing and resuming by it.
      assert.equal(opened.persistent, persistent);
      await opened.close();
      if (!persistent) return;
      const s = await openStore(url);
      const st = await s.createStudy('p', [{ name: 'valid', direction: 'max' }], { seed: 3 });
      const t = await s.createTrial(st.id, { a: 1 }, 'k', 'w');
      await s.reportIntermediate(t.id, 1, { valid: 2 });
      await s.finishTrial(t.id, 'completed', [3], { valid: 3 });
      await s.close();
      const again = await openStore(url);
      const [back] = await again.listTrials((await again.getStudy('p'))!.id);
      assert.deepEqual([back.params, back.values, back.intermediate.length], [{ a: 1 }, [3], 1]);
      await again.close();
    });
  });
}

it('openStore: URLs, a bare .db path, and errors that name the fix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-url-'));
  for (const url of [`sqlite:${join(dir, 'a.db')}`, join(dir, 'b.db'), 'memory:']) await (await openStore(url)).close();
  await assert.rejects(openStore('mysql://x'), /unknown scheme "mysql:"; expected one of sqlite:, memory:, postgresql:/);
  await assert.rejects(openStore('runs.txt'), /expected sqlite:… or memory:… or postgresql:… \(e.g. sqlite:.\/topiary.db, memory:\)/);
  await assert.rejects(openStore('sqlite:'), /sqlite needs a file/);
});
