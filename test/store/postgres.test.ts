/** The PostgreSQL store against a real server: concurrent workers, a server restart, concurrent migration, and errors for bad URLs. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNb201Table } from '../helpers.js';
import { STORE_SCHEMES, openStore } from '../../src/store/open.js';
import { PostgresStore, maskUrl } from '../../src/store/postgres.js';
import { PG_PASSWORD, startPostgres } from '../postgres-server.js';

const server = await startPostgres();
process.env.TOPIARY_TEST_POSTGRES = server.url;
const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const fresh = async () => (await STORE_SCHEMES.postgresql.testUrl('')).url;

it('masks the password in every message', () => {
  assert.equal(maskUrl('postgresql://ann:s3cr:et@db.example:5432/x'), 'postgresql://ann:***@db.example:5432/x');
  assert.equal(maskUrl('postgresql://ann@h/x'), 'postgresql://ann@h/x');
});

it('bad URLs fail fast with the URL (password masked) and the fix', async () => {
  const bad = server.url.replace(PG_PASSWORD, 'wrong');
  await assert.rejects(PostgresStore.open(bad), (e: Error) => /password authentication failed/.test(e.message) && /correct the user name or password/.test(e.message)
    && e.message.includes('postgres:***@') && !e.message.includes('wrong'));
  await assert.rejects(openStore(server.url.replace(/\/postgres$/, '/nosuchdb')), /database "nosuchdb" does not exist; create the database \(createdb NAME\) or correct its name/);
  const closed = server.url.replace(`:${server.port}/`, ':1/');
  const started = Date.now();
  await assert.rejects(PostgresStore.open(closed, { openRetries: 2, firstDelayMs: 10 }), /127\.0\.0\.1:1\/postgres: .*ECONNREFUSED.*; start the server or correct host and port/);
  assert.ok(Date.now() - started < 5000);
});

it('the command line names a bad server URL (password masked) or a missing study, exits 1, and prints no stack trace', () => {
  const wrong = spawnSync(process.execPath, [cli, 'runs', 'list', '--storage', server.url.replace(PG_PASSWORD, 'hunter2')], { encoding: 'utf8' });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /^topiary runs: postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres: password authentication failed for user "postgres"; correct the user name or password\n$/);
  const missing = spawnSync(process.execPath, [cli, 'worker', '--storage', server.url, '--study', 'nope'], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no study "nope" in postgresql:\/\/postgres:\*\*\*@.*; create it with topiary search/);
  assert.ok(!/\n\s+at /.test(wrong.stderr + missing.stderr), 'no stack trace');
});

it('workers on separate connections number their trials without gaps or collisions', async () => {
  const url = await fresh();
  const stores = await Promise.all([1, 2, 3, 4].map(() => PostgresStore.open(url)));
  const study = await stores[0].createStudy('shared', [{ name: 'valid', direction: 'max' }], {});
  const rows = await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 4].createTrial(study.id, [i], String(i), `w${i % 4}`)));
  assert.deepEqual(rows.map((r) => r.number).sort((a, b) => a - b), [...Array(40).keys()]);
  await Promise.all(stores.map((s) => s.close()));
});

it('opening a new database from several processes at once migrates it once', async () => {
  const url = await fresh();
  const stores = await Promise.all([1, 2, 3].map(() => openStore(url)));
  assert.equal((await stores[1].listStudies()).length, 0);
  await Promise.all(stores.map((s) => s.close()));
});

it('a server restart costs a pause, not the run: work goes on after it', async () => {
  const url = await fresh();
  const store = await openStore(url);
  const study = await store.createStudy('r', [{ name: 'valid', direction: 'max' }], {});
  const before = await store.createTrial(study.id, [0], '0', 'w');
  server.restart();
  await store.finishTrial(before.id, 'completed', [1], { valid: 1 });
  const after = await store.createTrial(study.id, [1], '1', 'w');
  assert.equal(after.number, 1);
  assert.deepEqual((await store.listTrials(study.id)).map((t) => t.state), ['completed', 'running']);
  await store.close();
});

it('topiary search and runs work on a PostgreSQL store, and --resume continues there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-pg-cli-'));
  writeNb201Table(join(dir, 't.csv'), 'arch,valid,test,cost', (cell, g) => `${cell},${g.reduce((s, k) => s + k, 0)},${g[0]},1`);
  const url = await fresh();
  const search = (...more: string[]) => spawnSync(process.execPath, [cli, 'search', '--strategy', 'regularized-evolution', '--benchmark', `tabular:${join(dir, 't.csv')}`,
    '--budget', '25', '--seeds', '1', '--storage', url, '--study', 'pg', ...more, '--json'], { encoding: 'utf8' });
  const first = search();
  assert.equal(first.status, 0, first.stderr);
  const again = search('--resume');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /resuming study pg/);
  assert.equal(JSON.parse(again.stdout.trim().split('\n').pop()!).meanTest, JSON.parse(first.stdout.trim().split('\n').pop()!).meanTest);
  const store = await openStore(url);
  assert.equal((await store.listTrials((await store.getStudy('pg'))!.id)).length, 25, 'the resumed study answered every trial from the store');
  await store.close();
  const runs = spawnSync(process.execPath, [cli, 'runs', 'list', '--storage', url], { encoding: 'utf8' });
  assert.equal(runs.status, 0, runs.stderr);
  assert.match(runs.stdout, /search-tabular:/);
});
