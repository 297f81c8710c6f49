/** Shared studies: workers in separate processes on one store, with a worker killed mid-trial and the database server restarted. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerChaos } from '../../bench/worker-chaos.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { writeNb201Table } from '../helpers.js';
import { startPostgres } from '../postgres-server.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

it('PostgreSQL, 3 worker processes, one killed mid-trial, the server restarted: every trial ends once, the best equals a single process', async () => {
  const server = await startPostgres();
  try {
    const r = await workerChaos({ storage: server.url, restart: server.restart, workers: 3, dataset: 'add10', space: 'mlp-widths', epochs: 2, budget: 18, maxTrain: 1500 });
    const completed = r.trials.filter((t) => t.state === 'completed');
    const failed = r.trials.filter((t) => t.state === 'failed');
    assert.equal(completed.length, 18, 'the whole budget completed');
    assert.equal(new Set(completed.map((t) => t.paramsKey)).size, 18, 'no architecture completed twice');
    assert.deepEqual(failed.map((t) => t.number), [r.killedTrial], 'only the killed worker\'s trial failed');
    assert.match(failed[0].error!, /stale: its worker .* stopped sending heartbeats/);
    assert.ok(completed.some((t) => t.paramsKey === failed[0].paramsKey), 'the killed trial ran again elsewhere');
    assert.ok(r.trials.every((t) => t.state === 'completed' || t.state === 'failed'), 'nothing left running or waiting');
    assert.deepEqual(r.exitCodes.slice(1), [0, 0]);
    assert.equal(r.bestValid, r.singleProcessBestValid);
  } finally {
    server.stop();
  }
});

it('SQLite, 3 worker processes on a table: the budget exactly, each architecture once, the same trials as one process; bad input named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-workers-'));
  const table = writeNb201Table(join(dir, 't.csv'), 'arch,valid,test,cost', (cell, g, i) => `${cell},${g.reduce((s, k) => s + k, 0) + (i % 7) / 10},${g[0]},1`);
  const db = join(dir, 's.db');
  const common = ['--strategy', 'random', '--benchmark', `tabular:${table}`, '--budget', '1500', '--seeds', '1'];
  const created = cli('search', ...common, '--study', 'shared', '--db', db, '--workers', '0', '--json');
  assert.equal(created.status, 0, created.stderr);
  assert.deepEqual(JSON.parse(created.stdout.trim().split('\n').pop()!).created, ['shared']);
  // Two plain workers, and a search that joins the same study as a third (--shared).
  const commands = [['worker', '--db', db, '--study', 'shared'], ['worker', '--db', db, '--study', 'shared'], ['search', ...common, '--study', 'shared', '--db', db, '--shared']];
  const codes = await Promise.all(commands.map((args) => new Promise<number | null>((resolve) => {
    spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' }).once('exit', resolve);
  })));
  assert.deepEqual(codes, [0, 0, 0]);
  const store = new SqliteStore(db);
  const study = (await store.getStudy('shared'))!;
  const trials = await store.listTrials(study.id);
  await store.close();
  assert.equal(study.status, 'completed');
  assert.equal(trials.length, 1500);
  assert.ok(trials.every((t) => t.state === 'completed'));
  assert.ok(new Set(trials.map((t) => t.worker)).size >= 2, 'the work was shared');
  // Random search proposes independently of results: the workers ran exactly the trials one process runs.
  const single = cli('search', ...common, '--db', join(dir, 'one.db'), '--json');
  assert.equal(single.status, 0, single.stderr);
  const one = new SqliteStore(join(dir, 'one.db'));
  const oneTrials = await one.listTrials((await one.listStudies())[0].id);
  await one.close();
  assert.deepEqual(trials.map((t) => t.paramsKey).sort(), oneTrials.map((t) => t.paramsKey).sort());
  assert.match(cli('worker', '--db', db, '--study', 'nope').stderr, /no study "nope" in sqlite:.*; create it with topiary search … --storage URL --study NAME --workers 0/);
  assert.match(cli('worker', '--study', 'x', '--no-store').stderr, /joins a study in a shared store/);
  assert.match(cli('search', ...common, '--workers', '0', '--no-store').stderr, /--workers: 0 creates studies for workers to share/);
});

it('SQLite, 2 worker processes on a DeepSwarm study: the colony\'s options and the table\'s layer graph come from the study, ants reuse weights from the shared folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-swarm-workers-'));
  const db = join(dir, 's.db');
  const created = cli('search', '--strategy', 'deepswarm', '--dataset', 'add10', '--ants', '3', '--max-depth', '3', '--budget', '12', '--seeds', '1', '--epochs', '2',
    '--max-train', '500', '--study', 'swarm', '--db', db, '--out', join(dir, 'weights'), '--workers', '0', '--json');
  assert.equal(created.status, 0, created.stderr);
  const codes = await Promise.all([0, 1].map(() => new Promise<number | null>((resolve) => {
    spawn(process.execPath, [CLI, 'worker', '--db', db, '--study', 'swarm'], { stdio: 'ignore' }).once('exit', resolve);
  })));
  assert.deepEqual(codes, [0, 0]);
  const store = new SqliteStore(db);
  const trials = await store.listTrials((await store.getStudy('swarm'))!.id);
  await store.close();
  assert.ok(trials.filter((t) => t.state === 'completed').length >= 12);
  // Three ants a round (the study's option, not the default 16) and only flat nodes (add10 is a table).
  assert.ok(trials.some((t) => (t.attrs.ant as { round: number } | undefined)?.round === 2), 'rounds of 3 ants reach round 2 within 12 trials');
  assert.ok(trials.every((t) => (t.params as { nodes: { type: string }[] }).nodes.every((n) => ['dense', 'dropout', 'batchnorm'].includes(n.type))));
  const reused = trials.filter((t) => typeof t.attrs.reuseNodes === 'number' && t.state === 'completed');
  assert.ok(reused.length > 0, 'some ant started from an earlier network\'s weights');
});
