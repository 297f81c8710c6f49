/** `topiary search` on a tabular CSV and by real training: the JSON summary, stored trials, resume, the plot, and errors. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNb201Table } from '../helpers.js';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite.js';
import { MIGRATIONS } from '../../src/store/sqlite-migrations.js';
import { loadModel } from '../../src/io/model-file.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

/** Every trial of every study in a store file. */
async function storedTrials(db: string) {
  const store = new SqliteStore(db);
  try {
    const out = [];
    for (const s of await store.listStudies()) out.push(...await store.listTrials(s.id));
    return out;
  } finally {
    await store.close();
  }
}

it('search reports strategy, budget, seeds, meanTest, stdTest, meanBestValid and stores every trial', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-search-'));
  writeNb201Table(join(dir, 't.csv'), 'cell,v,t,c', (cell, g) => `${cell},${g.reduce((s, k) => s + k, 0)},${g[0]},1`);
  const r = run('search', '--strategy', 'regularized-evolution', '--benchmark', `tabular:${join(dir, 't.csv')}`, '--arch-col', 'cell', '--valid-col', 'v',
    '--test-col', 't', '--cost-col', 'c', '--budget', '30', '--seeds', '3', '--db', join(dir, 's.db'), '--plot', join(dir, 'p.svg'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number | string>;
  for (const k of ['strategy', 'budget', 'seeds', 'meanTest', 'stdTest', 'meanBestValid']) assert.ok(k in out, k);
  assert.equal(out.budget, 30);
  assert.ok(existsSync(join(dir, 'p.svg')));
  const shown = JSON.parse(run('runs', 'show', '1', '--db', join(dir, 's.db'), '--format', 'json').stdout) as { metrics: { name: string }[] };
  assert.equal(shown.metrics.filter((m) => m.name === 'valid').length, 30);
  const trials = await storedTrials(join(dir, 's.db'));
  assert.equal(trials.length, 90, 'three seeds, three studies of 30 trials');
  assert.ok(trials.every((t) => t.state === 'completed' && typeof t.values?.[0] === 'number'));
  assert.match(run('search', '--benchmark', `tabular:${join(dir, 't.csv')}`, '--no-store').stderr, /no column "arch" for archCol/);
  assert.match(run('search', '--strategy', 'annealing', '--no-store').stderr, /--strategy: got "annealing"; expected one of grid, random/);
});

describe('search by real training', () => {
  const args = (db: string, ...more: string[]) => ['search', '--strategy', 'regularized-evolution', '--dataset', 'add10', '--space', 'mlp-widths',
    '--budget', '6', '--seeds', '1', '--epochs', '3', '--max-train', '1500', '--db', db, ...more, '--json'];
  /** The JSON summary without its wall-clock field. */
  const summary = (stdout: string) => {
    const { meanTrainingSeconds: _seconds, meanCost: _cost, ...rest } = JSON.parse(stdout.trim().split('\n').pop()!) as { meanTest: number; meanBestValid: number; best: string[]; meanTrainingSeconds: number; meanCost: number };
    return rest;
  };

  it('runs trials in 2 worker threads, stores each with status and heartbeat, and reports the JSON summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-search-'));
    const r = run(...args(join(dir, 's.db'), '--workers', '2', '--out', join(dir, 'models')));
    assert.equal(r.status, 0, r.stderr);
    const out = summary(r.stdout) as ReturnType<typeof summary> & { bestModels: string[] };
    assert.ok(Number.isFinite(out.meanTest) && out.meanBestValid > 0, JSON.stringify(out));
    // The best trial's model reloads with the test score the search reported, and exports.
    const { model, file } = loadModel(out.bestModels[0]);
    assert.equal(file.metadata.test, out.meanTest);
    assert.equal((file.architecture as { format: string }).format, 'topiary-arch-model');
    assert.ok(model.parameterCount() > 0);
    const exported = run('export', out.bestModels[0], '--format', 'onnx', '--out', join(dir, 'best.onnx'));
    assert.equal(exported.status, 0, exported.stderr);
    const trials = await storedTrials(join(dir, 's.db'));
    assert.equal(trials.length, 6);
    assert.ok(trials.every((t) => t.state === 'completed' && t.heartbeatAt >= t.startedAt && /^[0-9a-f]{16}$/.test(t.paramsKey)));
  });

  it('a stopped run resumes without retraining finished trials and ends where an uninterrupted run ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-search-'));
    // Longer trials than the other tests, so that the run is surely still going when it is stopped.
    const slow = ['--workers', '1', '--epochs', '10'];
    const whole = run(...args(join(dir, 'whole.db'), ...slow));
    assert.equal(whole.status, 0, whole.stderr);
    const db = join(dir, 'cut.db');
    const child = spawn(process.execPath, [CLI, ...args(db, ...slow)], { stdio: 'ignore' });
    // Stop it the hard way once two trials are stored as finished.
    for (let t = 0; t < 600; t++) {
      await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(db)) continue;
      const done = (await storedTrials(db)).filter((x) => x.state === 'completed').length;
      if (done >= 2) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const resumed = run(...args(db, ...slow, '--resume'));
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, /resuming study search:add10\/mlp-widths:regularized-evolution:seed0 \(1 stale trial\(s\) marked failed, to run again\)/);
    const trials = await storedTrials(db);
    assert.equal(trials.filter((t) => t.state === 'failed' && /stale/.test(t.error ?? '')).length, 1, 'the trial in flight at the kill');
    assert.equal(new Set(trials.filter((t) => t.state === 'completed' && t.attrs.duplicateOf === undefined).map((t) => t.paramsKey)).size,
      trials.filter((t) => t.state === 'completed' && t.attrs.duplicateOf === undefined).length, 'no finished trial was trained twice');
    assert.ok((resumed.stderr.match(/finished before the resume/g) ?? []).length >= 2, resumed.stderr);
    assert.deepEqual(summary(resumed.stdout), summary(whole.stdout));
  });

  it('trains a variable-depth space (mlp-stack) with NSGA-II on accuracy and size; grid refuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-search-'));
    const r = run('search', '--strategy', 'nsga2', '--dataset', 'add10', '--space', 'mlp-stack', '--objectives', 'valid:max,params:min', '--budget', '4', '--seeds', '1',
      '--epochs', '1', '--max-train', '500', '--workers', '2', '--db', join(dir, 's.db'), '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { meanHypervolume: number; paretoFronts: { front: { arch: string; values: number[] }[] }[] };
    assert.ok(out.meanHypervolume >= 0 && out.paretoFronts[0].front.length >= 1);
    const trials = await storedTrials(join(dir, 's.db'));
    assert.equal(trials.length, 4);
    assert.ok(trials.every((t) => Array.isArray((t.params as { layers: unknown[] }).layers) && typeof t.values?.[1] === 'number'));
    const shown = run('study', 'show', 'search:add10/mlp-stack:nsga2:seed0', '--db', join(dir, 's.db'), '--json');
    assert.equal(shown.status, 0, shown.stderr);
    const report = JSON.parse(shown.stdout.trim().split('\n').pop()!) as { trials: Record<string, number>; front: { attrs: { arch: string } }[]; best: null; workers: { trials: number }[] };
    assert.deepEqual(report.trials, { completed: 4, running: 0, failed: 0, pruned: 0, waiting: 0 });
    assert.ok(report.best === null && report.front.length >= 1 && /^(relu|tanh)_\d+/.test(report.front[0].attrs.arch));
    assert.deepEqual(report.workers.map((w) => w.trials), [4]);
    assert.match(run('study', 'list', '--db', join(dir, 's.db')).stdout, /search:add10\/mlp-stack:nsga2:seed0 +completed +valid:max,params:min +4 completed/);
    assert.match(run('study', 'show', 'nope', '--db', join(dir, 's.db')).stderr, /no study "nope" in sqlite:.*; studies there: search:add10\/mlp-stack:nsga2:seed0 \(see topiary study list\)/);
    assert.match(run('search', '--strategy', 'grid', '--dataset', 'add10', '--space', 'mlp-stack', '--no-store').stderr, /strategy grid needs a space of fixed categorical decisions; space mlp-stack has none/);
  });

  it('tpe with --tune: each trial trains with its own learning rate and batch size, kept with the trial; bad ranges and spaces are named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-search-'));
    const r = run('search', '--strategy', 'tpe', '--dataset', 'add10', '--space', 'mlp-stack', '--tune', 'lr=1e-3..1e-1,batch-size', '--budget', '7', '--seeds', '1',
      '--epochs', '1', '--max-train', '400', '--workers', '2', '--db', join(dir, 's.db'), '--json');
    assert.equal(r.status, 0, r.stderr);
    const trials = await storedTrials(join(dir, 's.db'));
    assert.equal(trials.length, 7);
    for (const t of trials) {
      const { train } = t.params as { train: { lr: number; 'batch-size': number } };
      assert.ok(train.lr >= 1e-3 && train.lr <= 1e-1 && Number.isInteger(train['batch-size']) && train['batch-size'] >= 16 && train['batch-size'] <= 512, JSON.stringify(train));
      assert.match(String(t.attrs.arch), / lr=[\d.e-]+ batch-size=\d+$/);
    }
    assert.equal(new Set(trials.map((t) => (t.params as { train: { lr: number } }).train.lr)).size, 7, 'every trial its own learning rate');
    const fail = (args: string[], pattern: RegExp) => { const e = run('search', ...args, '--no-store'); assert.equal(e.status, 1, e.stderr); assert.match(e.stderr, pattern); assert.doesNotMatch(e.stderr, /\n\s+at /); };
    const base = ['--strategy', 'tpe', '--dataset', 'add10', '--space', 'mlp-stack'];
    fail([...base, '--tune', 'lr=0.1..0.01'], /--tune, dimension "lr": a float dimension needs low < high, got low 0.1, high 0.01 \(swap them/);
    fail([...base, '--tune', 'weight-decay=0..0.1'], /--tune, dimension "weight-decay": a log-scaled dimension needs low > 0/);
    fail([...base, '--tune', 'momentum'], /--tune: "momentum" is not NAME\[=LOW..HIGH\] with NAME one of lr, weight-decay, batch-size/);
    fail(['--strategy', 'tpe', '--tune', 'lr'], /--tune: is for networks trained here; a table benchmark trains none/);
    fail(['--strategy', 'bananas', '--dataset', 'add10', '--space', 'conv-stack'], /strategy bananas needs a space that declares an encoding .* space conv-stack declares none/);
  });

  it('names a bad space and refuses --benchmark with --dataset', () => {
    assert.match(run('search', '--dataset', 'add10', '--space', 'resnet', '--no-store').stderr, /--space: got "resnet"; expected one of nb201, mlp-cell, mlp-widths/);
    assert.match(run('search', '--dataset', 'add10', '--benchmark', 'nb201-cifar10', '--no-store').stderr, /--benchmark and --dataset: pass either a benchmark .* or a dataset/);
  });
});

it('a search started by the schema-2 code resumes on the new core: its finished trials are not trained again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-search-'));
  const args = (db: string, ...more: string[]) => ['search', '--strategy', 'regularized-evolution', '--dataset', 'add10', '--space', 'mlp-widths',
    '--budget', '5', '--seeds', '1', '--epochs', '2', '--max-train', '800', '--workers', '1', '--db', db, ...more, '--json'];
  const whole = run(...args(join(dir, 'whole.db')));
  assert.equal(whole.status, 0, whole.stderr);
  const done = await storedTrials(join(dir, 'whole.db'));
  // The same search as the schema-2 code stored it when stopped after 3 trials: a search run, its trials table, the 4th trial in flight.
  const old = new Database(join(dir, 'old.db'));
  old.exec(MIGRATIONS[0] as string);
  old.exec(MIGRATIONS[1] as string);
  old.pragma('user_version = 2');
  old.prepare("INSERT INTO experiments (id, name, created_at) VALUES (1, 'search-add10/mlp-widths', 't')").run();
  const params = { strategy: 'regularized-evolution', seed: 0, budget: 5, space: 'mlp-widths', dataset: 'add10', epochs: 2, batchSize: 128, lr: 0.001, maxTrain: 800 };
  old.prepare("INSERT INTO runs (experiment_id, kind, status, started_at, heartbeat_at, params) VALUES (1, 'search', 'running', 't', 't', ?)").run(JSON.stringify(params));
  const insert = old.prepare('INSERT INTO trials (run_id, trial, arch, arch_hash, status, started_at, heartbeat_at, result) VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
  // The old process stopped a while ago: its last heartbeat is older than the stale-trial grace period.
  const longAgo = new Date(Date.now() - 3600_000).toISOString();
  done.slice(0, 4).forEach((t, i) => insert.run(i + 1, 'cell', t.paramsKey, i < 3 ? 'completed' : 'running', longAgo, longAgo,
    i < 3 ? JSON.stringify(t.attrs) : null));
  old.close();
  const resumed = run(...args(join(dir, 'old.db'), '--resume'));
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal((resumed.stderr.match(/finished before the resume/g) ?? []).length, 3, resumed.stderr);
  assert.match(resumed.stderr, /1 stale trial\(s\) marked failed/);
  const best = (s: string) => (JSON.parse(s.trim().split('\n').pop()!) as { best: string[] }).best;
  assert.deepEqual(best(resumed.stdout), best(whole.stdout));
  const runs = JSON.parse(run('runs', 'list', '--db', join(dir, 'old.db'), '--json').stdout.trim().split('\n').pop()!) as { runs: { id: number; status: string }[] };
  assert.deepEqual(runs.runs.map((r) => [r.id, r.status]), [[1, 'completed']], 'the old run is reopened and completed, not duplicated');
});

it('several objectives, a pruner on two fidelities, and flag errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-search-'));
  const file = writeNb201Table(join(dir, 't.csv'), 'cell,v,t,c,v1,c1', (cell, g, i) => {
    const v = g.reduce((s, k) => s + k, 0);
    return `${cell},${v},${g[0]},${10 + v},${v - (i % 3)},${1 + v / 10}`;
  });
  const table = ['--benchmark', `tabular:${file}`, '--arch-col', 'cell', '--test-col', 't', '--valid-col', 'v', '--cost-col', 'c', '--no-store'];
  const mo = run('search', '--strategy', 'nsga2,random', ...table, '--objectives', 'valid:max,cost:min', '--budget', '40',
    '--seeds', '2', '--plot', join(dir, 'mo.svg'), '--json');
  assert.equal(mo.status, 0, mo.stderr);
  const { results } = JSON.parse(mo.stdout.trim().split('\n').pop()!) as { results: { strategy: string; meanHypervolume: number; sdHypervolume: number; hypervolumeReference: Record<string, number>; paretoFronts: { seed: number; front: { arch: string; values: number[] }[] }[] }[] };
  assert.deepEqual(results.map((r) => r.strategy), ['nsga2', 'random']);
  for (const r of results) {
    assert.ok(r.meanHypervolume > 0 && r.sdHypervolume >= 0);
    assert.deepEqual(r.hypervolumeReference, { 'valid:max': 0, 'cost:min': 34 }, 'the worst of each objective over the table');
    assert.equal(r.paretoFronts.length, 2);
    assert.ok(r.paretoFronts.every((f) => f.front.length > 0 && f.front.every((p) => p.values.length === 2)));
  }
  assert.match(mo.stderr, /hypervolume reference point: valid:max = 0, cost:min = 34/);
  for (const f of ['mo.svg', 'mo-hypervolume.svg', 'mo-pareto.svg']) assert.ok(existsSync(join(dir, f)), f);
  const pruned = run('search', '--strategy', 'random', ...table, '--fidelity-cols', 'v1:c1,v:c', '--fidelities', '12,200', '--pruner', 'asha', '--budget', '30', '--seeds', '1', '--json');
  assert.equal(pruned.status, 0, pruned.stderr);
  const s = JSON.parse(pruned.stdout.trim().split('\n').pop()!) as { meanTrials: number; meanPruned: number; costBudgetPerSeed: number; meanCost: number };
  assert.ok(s.meanPruned > 0 && s.meanTrials > 30, JSON.stringify(s));
  assert.ok(s.meanCost >= s.costBudgetPerSeed && s.meanCost < s.costBudgetPerSeed + 34, 'spends the cost of 30 full evaluations (at most one trial over)');
  // BOHB brings its hyperband brackets when no pruner is named; on one fidelity it is TPE alone.
  const bohb = run('search', '--strategy', 'bohb,tpe', ...table, '--fidelity-cols', 'v1:c1,v:c', '--fidelities', '12,200', '--budget', '30', '--seeds', '1', '--json');
  assert.equal(bohb.status, 0, bohb.stderr);
  const [b, t] = (JSON.parse(bohb.stdout.trim().split('\n').pop()!) as { results: { strategy: string; pruner: string; meanPruned: number }[] }).results;
  assert.deepEqual([b.strategy, b.pruner, t.strategy, t.pruner], ['bohb', 'hyperband', 'tpe', 'none']);
  assert.ok(b.meanPruned > 0 && t.meanPruned === 0);
  assert.equal((JSON.parse(run('search', '--strategy', 'bohb', ...table, '--budget', '20', '--seeds', '1', '--json').stdout.trim().split('\n').pop()!) as { pruner: string }).pruner, 'none');
  assert.match(run('search', ...table, '--pruner', 'asha').stderr, /a single-fidelity table has no intermediate results to prune on; give the table's fidelities/);
  assert.match(run('search', ...table, '--pruner', 'bandit').stderr, /--pruner: got "bandit"; expected one of none, median, sha, asha, hyperband/);
  assert.match(run('search', ...table, '--objectives', 'valid:best').stderr, /"valid:best" is not NAME:max or NAME:min/);
  assert.match(run('search', ...table, '--db', 'x.db').stderr, /--db and --no-store: pick one/);
  // Mistyped names are answered with the nearest; a table without a cost column is searched all the same.
  assert.match(run('search', ...table, '--budgte', '5').stderr, /unknown option --budgte; did you mean --budget\?/);
  const typo = run('serch');
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /unknown command "serch"; did you mean "search"\?/);
  const noCost = writeNb201Table(join(dir, 'nocost.csv'), 'arch,valid,test', (cell, g) => `${cell},${g[1]},${g[2]}`);
  const free = run('search', '--benchmark', `tabular:${noCost}`, '--strategy', 'rea', '--budget', '20', '--seeds', '1', '--no-store', '--json');
  assert.equal(free.status, 0, free.stderr);
  assert.equal((JSON.parse(free.stdout.trim().split('\n').pop()!) as { meanSimulatedHours: number }).meanSimulatedHours, 0);
  // Output paths are checked before the search: a bad one fails at once, a missing folder is created.
  const bad = run('search', ...table, '--plot', '/proc/topiary-none/p.svg');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^topiary search: --plot: cannot write to \/proc\/topiary-none \(\w+\); pick a folder you can write to\n$/);
  assert.equal(run('search', ...table, '--budget', '5', '--seeds', '1', '--plot', join(dir, 'new', 'folder', 'p.svg')).status, 0);
  assert.ok(existsSync(join(dir, 'new', 'folder', 'p.svg')));
  assert.match(run('search', ...table.slice(0, -1), '--storage', 'mysql://h/db').stderr, /unknown scheme "mysql:"/);
});

describe('stopping a search', () => {
  const slowSearch = (db: string) => [CLI, 'search', '--strategy', 'random', '--dataset', 'add10', '--space', 'mlp-widths', '--budget', '4', '--seeds', '1',
    '--epochs', '60', '--max-train', '3000', '--workers', '1', '--db', db];
  const runsOf = (db: string) => (JSON.parse(run('runs', 'list', '--db', db, '--json').stdout.trim().split('\n').pop()!) as { runs: { status: string; error: string | null }[] }).runs;

  it('Ctrl-C (SIGINT) ends the run as interrupted and fails the trial in flight, with exit code 130', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'topiary-sigint-')), 's.db');
    const child = spawn(process.execPath, slowSearch(db), { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '', out = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    for (let t = 0; t < 600 && !/trial {3}1 /.test(out); t++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 130, err);
    assert.match(err, /topiary: interrupted \(SIGINT\); ending open runs as interrupted/);
    assert.ok(!/\n\s+at /.test(err), 'no stack trace');
    assert.deepEqual(runsOf(db).map((r) => r.status), ['interrupted']);
    const trials = await storedTrials(db);
    assert.ok(trials.every((t) => t.state !== 'running'), JSON.stringify(trials.map((t) => t.state)));
    assert.ok(trials.some((t) => t.state === 'failed' && /interrupted/.test(t.error ?? '')), 'the trial in flight');
  });

  it('a closed output pipe (| head -1) is a normal end: exit 0, no stack trace, the run interrupted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-epipe-'));
    const db = join(dir, 's.db');
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" ${slowSearch(db).map((a) => `"${a}"`).join(' ')} 2> "${join(dir, 'err')}" | head -1`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^trial {3}1 /);
    assert.ok(!/EPIPE|\n\s+at /.test(readFileSync(join(dir, 'err'), 'utf8')));
    assert.deepEqual(runsOf(db).map((x) => x.status), ['interrupted']);
  });
});

it('morph-hill grows trained networks: children record and inherit their parent, the cap holds, bad combinations are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-morph-'));
  const r = run('search', '--strategy', 'morph-hill', '--dataset', 'add10', '--space', 'mlp-stack', '--budget', '6', '--seeds', '1', '--epochs', '1',
    '--max-train', '500', '--workers', '1', '--max-params', '3000', '--db', join(dir, 's.db'), '--out', join(dir, 'trials'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const trials = (await storedTrials(join(dir, 's.db'))).sort((a, b) => a.number - b.number);
  assert.equal(trials.length, 6);
  for (const t of trials) {
    const params = t.params as { parent: number | null; steps: unknown[] };
    assert.ok((t.attrs.params as number) <= 3000, `trial ${t.number}: ${t.attrs.params} parameters`);
    assert.ok(existsSync(join(dir, 'trials', 'morph-hill-seed0', `trial-${t.number}.json`)));
    if (params.parent === null) { assert.equal(t.attrs.parent, undefined); continue; }
    assert.equal(t.attrs.parent, params.parent);
    assert.deepEqual(t.attrs.steps, params.steps.slice(-1));
    assert.ok(trials.some((q) => q.number === params.parent && q.state === 'completed'));
  }
  assert.ok(trials.filter((t) => (t.params as { parent: number | null }).parent !== null).length >= 5);
  assert.match(run('search', '--strategy', 'morph-hill', '--dataset', 'add10', '--space', 'nb201', '--no-store').stderr, /--space: got "nb201"; morph-hill grows conv-stack or mlp-stack networks/);
  assert.match(run('search', '--strategy', 'morph-rl,random', '--dataset', 'add10', '--space', 'mlp-stack', '--no-store').stderr, /"random" trains every architecture from scratch while morph-rl grows trained ones; run them as separate searches/);
  assert.match(run('search', '--strategy', 'random', '--dataset', 'add10', '--space', 'mlp-stack', '--max-params', '10', '--no-store').stderr, /--max-params: caps the networks a morph strategy grows/);
});

it('deepswarm walks a layer graph of the table: ants record their round, reuse earlier weights, and the best is trained further and exported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-deepswarm-'));
  const r = run('search', '--strategy', 'deepswarm', '--dataset', 'add10', '--ants', '3', '--max-depth', '3', '--budget', '10', '--seeds', '1', '--epochs', '2',
    '--patience', '1', '--max-train', '600', '--workers', '1', '--final-epochs', '2', '--db', join(dir, 's.db'), '--out', join(dir, 'trials'), '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /trial {3}2 {2}ant of round 1 \(depth 1\) {2}dense/);
  const trials = (await storedTrials(join(dir, 's.db'))).sort((a, b) => a.number - b.number);
  assert.equal(trials.length, 10);
  const reused = trials.filter((t) => (t.params as { reuse: unknown }).reuse);
  assert.ok(reused.length >= 3, `${reused.length} ants reused weights`);
  for (const t of reused) {
    const { parent, nodes } = (t.params as { reuse: { parent: number; nodes: number } }).reuse;
    assert.equal(t.attrs.parent, parent);
    assert.equal(t.attrs.reuseNodes, nodes);
    assert.ok(trials.some((q) => q.number === parent && q.state === 'completed' && q.number < t.number));
  }
  assert.ok(trials.every((t) => typeof (t.attrs.ant as { round: number }).round === 'number'));
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { finals: { trial: number; test: number; continued: boolean; files: Record<string, string> }[] };
  const final = out.finals[0];
  assert.ok(final.continued && Number.isFinite(final.test));
  for (const f of Object.values(final.files)) assert.ok(existsSync(f), f);
  assert.ok(loadModel(final.files.model.replace(/\.json$/, '')).model.parameterCount() > 0);
  const fail = (args: string[], re: RegExp) => { const e = run('search', ...args, '--no-store'); assert.equal(e.status, 1); assert.match(e.stderr, re); assert.ok(!/\n\s+at /.test(e.stderr)); };
  fail(['--strategy', 'deepswarm', '--dataset', 'add10', '--max-depth', '0'], /--max-depth: got "0"; expected a positive integer/);
  fail(['--strategy', 'deepswarm', '--dataset', 'add10', '--greediness', '1.5'], /--greediness: got "1.5"; expected a number in \[0, 1\]/);
  fail(['--strategy', 'deepswarm', '--dataset', 'add10', '--reuse', 'all'], /--reuse: got "all"; expected prefix .* or none/);
  fail(['--strategy', 'random', '--dataset', 'add10', '--ants', '4'], /--ants: is an option of deepswarm; drop it or pick that strategy/);
  fail(['--strategy', 'deepswarm', '--dataset', 'add10', '--space', 'mlp-stack'], /strategy deepswarm walks a layer graph; space mlp-stack is not one/);
  // The best walk trains again from its node list in a file; a broken list names the node.
  const best = trials.find((t) => t.number === final.trial)!;
  writeFileSync(join(dir, 'best.json'), JSON.stringify((best.params as { nodes: unknown[] }).nodes));
  const trained = run('train', '--dataset', 'add10', '--arch', `layer-graph:${join(dir, 'best.json')}`, '--epochs', '1', '--no-store', '--json');
  assert.equal(trained.status, 0, trained.stderr);
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ nodes: [{ type: 'dense', units: 64, activation: 'relu' }, { type: 'flatten' }] }));
  const bad = run('train', '--dataset', 'add10', '--arch', `layer-graph:${join(dir, 'bad.json')}`, '--no-store');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /layer graph .*bad\.json: node 2 \(flatten\): a table has no image to convolve, pool or flatten; use dense, dropout and batchnorm nodes only/);
});
