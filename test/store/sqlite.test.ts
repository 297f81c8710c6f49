/** The SQLite store: migrations, WAL, runs with status, heartbeat, metrics and artifacts. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite.js';

it('creates the schema in WAL mode and records a run end to end', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'topiary-db-')), 'sub', 'runs.db');
  const store = new SqliteStore(path);
  const id = store.createRun('exp-a', 'train', { lr: 0.01 });
  store.logEpoch(id, 1, { loss: 0.5, valAccuracy: 0.8, bad: Number.NaN });
  store.logEpoch(id, 2, { loss: 0.4, valAccuracy: 0.85 });
  store.addArtifact(id, 'model', '/tmp/m.json');
  assert.equal(store.listRuns()[0].status, 'running');
  store.finishRun(id, 'completed', { testAccuracy: 0.9 });
  const run = store.getRun(id)!;
  assert.equal(run.status, 'completed');
  assert.deepEqual(run.params, { lr: 0.01 });
  assert.deepEqual(run.summary, { testAccuracy: 0.9 });
  assert.equal(run.metrics.length, 4, 'NaN metrics are not stored');
  assert.deepEqual(run.artifacts, [{ kind: 'model', path: '/tmp/m.json' }]);
  const failed = store.createRun('exp-b', 'train', {});
  store.finishRun(failed, 'failed', undefined, 'boom');
  assert.equal(store.listRuns({ experiment: 'exp-b' })[0].error, 'boom');
  assert.equal(store.getRun(999), null);
  store.close();
  const raw = new Database(path);
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  raw.pragma('user_version = 99');
  raw.close();
  assert.throws(() => new SqliteStore(path), /schema version 99 is newer than this Topiary understands/);
});

it('trials: start, heartbeat, finish; a version-1 file gains the trials table and keeps its runs', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'topiary-db-')), 'runs.db');
  const store = new SqliteStore(path);
  const id = store.createRun('search-x', 'search', { strategy: 'random' });
  store.startTrial(id, 1, '|skip~0|', 'abc');
  store.trialHeartbeat(id, 1);
  store.startTrial(id, 2, '|none~0|', 'def');
  store.batch(() => {
    store.finishTrial(id, 1, 'completed', { valid: 90 });
    store.finishTrial(id, 2, 'failed', null, 'out of memory');
  });
  const [a, b] = store.listTrials(id);
  assert.deepEqual([a.status, a.result, a.archHash], ['completed', { valid: 90 }, 'abc']);
  assert.deepEqual([b.status, b.error], ['failed', 'out of memory']);
  assert.ok(a.finishedAt !== null && a.heartbeatAt >= a.startedAt);
  store.close();
  // Roll the file back to schema 1 (no trials table) and reopen: the migration adds the table, runs stay.
  const raw = new Database(path);
  raw.exec('DROP TABLE trials');
  raw.pragma('user_version = 1');
  raw.close();
  const again = new SqliteStore(path);
  assert.deepEqual(again.listTrials(id), []);
  assert.equal(again.getRun(id)!.params.strategy, 'random');
  again.close();
});
