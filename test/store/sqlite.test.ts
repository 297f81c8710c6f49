/** The SQLite store: WAL, schema versions, and migrations from files written by earlier versions. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite.js';
import { MIGRATIONS } from '../../src/store/sqlite-migrations.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

it('creates the schema in WAL mode and refuses a file from a newer Topiary', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'topiary-db-')), 'sub', 'runs.db');
  await new SqliteStore(path).close();
  const raw = new Database(path);
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  raw.pragma('user_version = 99');
  raw.close();
  assert.throws(() => new SqliteStore(path), /schema version 99 is newer than this Topiary understands/);
});

it('a version-2 file (search runs with per-run trials) opens: runs still list, each search run becomes a study with its trials', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'topiary-db-')), 'old.db');
  // Build the file exactly as the schema-2 code left it: migrations 1 and 2 only, rows as that code wrote them.
  const raw = new Database(path);
  raw.exec(MIGRATIONS[0] as string);
  raw.exec(MIGRATIONS[1] as string);
  raw.pragma('user_version = 2');
  raw.prepare("INSERT INTO experiments (id, name, created_at) VALUES (1, 'search-add10/mlp-widths', '2026-01-01T00:00:00Z')").run();
  const params = { strategy: 'regularized-evolution', seed: 0, budget: 6, space: 'mlp-widths', dataset: 'add10', epochs: 3, batchSize: 128, lr: 0.001 };
  raw.prepare("INSERT INTO runs (experiment_id, kind, status, started_at, heartbeat_at, params) VALUES (1, 'search', 'running', 't0', 't0', ?)").run(JSON.stringify(params));
  raw.prepare("INSERT INTO runs (experiment_id, kind, status, started_at, heartbeat_at, params) VALUES (1, 'train', 'completed', 't0', 't0', '{}')").run();
  const trial = raw.prepare('INSERT INTO trials (run_id, trial, arch, arch_hash, status, started_at, heartbeat_at, result) VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
  trial.run(1, '|relu_32~0|+|tanh_64~1|', 'aaaa', 'completed', 't1', 't2', JSON.stringify({ valid: 80, test: 79, params: 900, seconds: 1.5, epochs: 3 }));
  trial.run(2, '|relu_64~0|+|tanh_64~1|', 'bbbb', 'running', 't1', 't2', null);
  raw.close();

  const store = new SqliteStore(path);
  assert.deepEqual((await store.listRuns()).map((r) => [r.id, r.kind]), [[2, 'train'], [1, 'search']]);
  const study = (await store.getStudy('search:add10/mlp-widths:regularized-evolution:seed0'))!;
  assert.ok(study, 'named as the new search names a study of these settings');
  assert.deepEqual(study.objectives, [{ name: 'valid', direction: 'max' }]);
  assert.equal(study.config.migratedFromRun, 1);
  assert.equal(study.config.budget, undefined, 'the budget may change on resume: not part of the study');
  const trials = await store.listTrials(study.id);
  assert.deepEqual(trials.map((t) => [t.number, t.state, t.paramsKey, t.values]), [[0, 'completed', 'aaaa', [80]], [1, 'running', 'bbbb', null]]);
  assert.equal(trials[0].attrs.test, 79);
  await store.close();
  const check = new Database(path);
  assert.equal((check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'trials'").get() as { n: number }).n, 0, 'the old trials table is gone');
  check.close();
});

it('a write lock held by another program for 6 s (longer than SQLite\'s usual 5 s) delays training instead of aborting it', async () => {
  const { spawn, spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
  const db = join(mkdtempSync(join(tmpdir(), 'topiary-lock-')), 'locked.db');
  await new SqliteStore(db).close();
  const holder = spawn(process.execPath, ['-e', `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const d = new D(${JSON.stringify(db)});
    d.exec('BEGIN IMMEDIATE'); console.log('locked'); setTimeout(() => { d.exec('COMMIT'); d.close(); }, 6000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => holder.stdout!.once('data', r));
  const started = Date.now();
  const r = spawnSync(process.execPath, [cli, 'train', '--dataset', 'add10', '--arch', 'mlp:10-8-1', '--epochs', '2', '--db', db, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(Date.now() - started > 4000, 'it waited for the lock');
  const store = new SqliteStore(db);
  assert.deepEqual((await store.listRuns()).map((x) => x.status), ['completed']);
  await store.close();
});
