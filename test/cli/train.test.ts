/** The CLI end to end: `topiary train --json` prints one JSON object as the last stdout line; bad flags explain themselves. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { prepare } from '../../src/data/prepare.js';
import { loadDataset } from '../../src/data/registry.js';
import { regressionScores } from '../../src/train/metrics.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

const dir = mkdtempSync(join(tmpdir(), 'topiary-cli-'));
const db = join(dir, 'runs.db');

it('train on generated Add10 reports testR2, params and seconds as JSON, and records the run', () => {
  const r = run('train', '--dataset', 'add10', '--arch', 'mlp:10-32-1', '--epochs', '15', '--lr', '3e-3', '--seed', '3',
    '--db', db, '--out', join(dir, 'model'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const out = JSON.parse(lines[lines.length - 1]) as { testR2: number; params: number; seconds: number };
  assert.ok(out.testR2 > 0.7, `testR2 ${out.testR2}`);
  assert.equal(out.params, 10 * 32 + 32 + 32 + 1);
  assert.ok(out.seconds > 0);
  const shown = run('runs', 'show', '1', '--db', db, '--format', 'json');
  assert.equal(shown.status, 0, shown.stderr);
  const detail = JSON.parse(shown.stdout) as { status: string; metrics: { name: string }[]; artifacts: { path: string }[] };
  assert.equal(detail.status, 'completed');
  assert.equal(detail.metrics.filter((m) => m.name === 'valid.r2').length, 15);
  assert.match(detail.artifacts[0].path, /model.json$/);
  assert.match(run('runs', 'list', '--db', db).stdout, /1 +default +train +completed/);
});

it('a YAML config file is equivalent to flags, and its errors name the file and field', () => {
  const cfg = join(dir, 'run.yaml');
  writeFileSync(cfg, 'dataset: add10\narch: mlp:10-8-1\nepochs: 2\nno-store: true\n');
  const r = run('train', '--config', cfg, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout.trim().split('\n').pop()!) as { epochs: number }).epochs, 2);
  writeFileSync(cfg, 'dataset: add10\nepochs: -1\n');
  assert.match(run('train', '--config', cfg).stderr, /run.yaml: field "epochs": got "-1"; expected a positive integer/);
  writeFileSync(cfg, 'dataset: add10\nepoch: 3\n');
  assert.match(run('train', '--config', cfg).stderr, /run.yaml: unknown field "epoch"; allowed fields: (.*, )?arch, .*epochs, /);
});

it('bad options name the flag, the value and what is allowed', () => {
  const r = run('train', '--dataset', 'add10', '--optimizer', 'adamm', '--no-store');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--optimizer: got "adamm"; expected one of adam, adamw, adamax, sgd/);
  assert.match(run('train', '--dataset', 'add10', '--epochs', '-2').stderr, /--epochs: got "-2"; expected a positive integer/);
  assert.match(run('train', '--dataset', 'add10', '--bogus', '1').stderr, /unknown option --bogus/);
});

it('export writes files that name their sizes, and refuses a bad format or missing --out', () => {
  const model = join(dir, 'exported-from.json');
  assert.equal(run('train', '--dataset', 'add10', '--arch', 'mlp:10-8-1', '--epochs', '1', '--no-store', '--out', model).status, 0);
  const onnx = run('export', model, '--format', 'onnx', '--out', join(dir, 'm.onnx'), '--json');
  assert.equal(onnx.status, 0, onnx.stderr);
  const files = (JSON.parse(onnx.stdout.trim().split('\n').pop()!) as { files: { path: string; bytes: number }[] }).files;
  assert.equal(files[0].path, join(dir, 'm.onnx'));
  assert.ok(files[0].bytes > 4 * (10 * 8 + 8 + 8 + 1), `onnx file of ${files[0].bytes} bytes cannot hold the weights`);
  const tfjs = run('export', model, '--format', 'tfjs', '--out', join(dir, 'tfjs'), '--json');
  assert.equal(tfjs.status, 0, tfjs.stderr);
  assert.match(run('export', model, '--format', 'keras', '--out', 'x').stderr, /--format: got "keras"; expected tfjs or onnx/);
  assert.match(run('export', model, '--format', 'onnx').stderr, /--out is required/);
  assert.match(run('export', join(dir, 'missing.json'), '--format', 'onnx', '--out', 'x').stderr, /missing\.json: cannot read/);
});

it('an exported regression model reads raw features and predicts in target units (the training scaling is built in)', async () => {
  const model = join(dir, 'raw-io.json');
  const r = run('train', '--dataset', 'add10', '--arch', 'mlp:10-16-1', '--epochs', '5', '--lr', '3e-3', '--seed', '2', '--no-store', '--out', model, '--json');
  assert.equal(r.status, 0, r.stderr);
  const testR2 = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { testR2: number }).testR2;
  assert.equal(run('export', model, '--format', 'onnx', '--out', join(dir, 'raw-io.onnx')).status, 0);
  // The same split as training, unscaled.
  const raw = prepare(loadDataset('add10', dir, 2), { seed: 2, standardize: false });
  const session = await ort.InferenceSession.create(join(dir, 'raw-io.onnx'));
  const y = (await session.run({ input: new ort.Tensor('float32', raw.test.x, [raw.test.n, 10]) })).output.data as Float32Array;
  const r2 = regressionScores(Array.from(y), raw.test.targets!).r2;
  assert.ok(Math.abs(r2 - testR2) < 1e-4, `R² on raw inputs ${r2} vs reported ${testR2}`);
});

it('a diverging run fails: the message names the epoch and the fix, the run is stored as failed, no model is written', () => {
  const out = join(dir, 'diverged');
  const r = run('train', '--dataset', 'add10', '--arch', 'mlp:10-32-1', '--epochs', '3', '--lr', '1e30', '--db', db, '--experiment', 'diverge', '--out', out, '--json');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /training diverged: the loss is (NaN|Infinity) in epoch 1 \(learning rate 1e\+30\); lower the learning rate \(e\.g\. --lr 1e\+29\)/);
  assert.ok(!existsSync(`${out}.json`), 'no model file');
  const runs = JSON.parse(run('runs', 'list', '--db', db, '--experiment', 'diverge', '--json').stdout.trim().split('\n').pop()!) as { runs: { status: string; error: string }[] };
  assert.deepEqual(runs.runs.map((x) => x.status), ['failed']);
  assert.match(runs.runs[0].error, /training diverged/);
});

it('an unwritable --out fails before training, naming the path', () => {
  const r = run('train', '--dataset', 'add10', '--epochs', '500', '--no-store', '--out', '/proc/topiary-none/model');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^topiary train: --out: cannot write to \/proc\/topiary-none \(\w+\); pick a folder you can write to\n$/);
});

it('a checkpoint of another run is refused, naming the setting that differs', () => {
  const ckpt = join(dir, 'ckpt');
  const base = ['train', '--dataset', 'add10', '--arch', 'mlp:10-16-1', '--epochs', '2', '--no-store', '--checkpoint', ckpt];
  assert.equal(run(...base, '--seed', '0').status, 0);
  const other = run(...base, '--seed', '1');
  assert.equal(other.status, 1);
  assert.match(other.stderr, /ckpt\.ckpt\.json: this checkpoint belongs to a run with seed 0, this run has 1; pass another --checkpoint, or the settings it was made with/);
  assert.match(run(...base, '--seed', '0', '--optimizer', 'sgd').stderr, /belongs to a run with optimizer "adam", this run has "sgd"/);
  writeFileSync(`${ckpt}.ckpt.json`, '{"format": "topiary-checkpoint", "vers');
  assert.match(run(...base, '--seed', '0').stderr, /ckpt\.ckpt\.json: not a readable checkpoint .*; delete it to start afresh/);
});

it('a training run stopped by Ctrl-C (the default: the process ends at once) is shown interrupted, not running', async () => {
  const { spawn } = await import('node:child_process');
  const stopDb = join(dir, 'stopped.db');
  const child = spawn(process.execPath, [CLI, 'train', '--dataset', 'add10', '--arch', 'mlp:10-256-256-1', '--epochs', '400', '--db', stopDb], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  for (let t = 0; t < 400 && !/epoch 1\//.test(out); t++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  const runs = JSON.parse(run('runs', 'list', '--db', stopDb, '--json').stdout.trim().split('\n').pop()!) as { runs: { status: string; error: string }[] };
  assert.deepEqual(runs.runs.map((r) => r.status), ['interrupted']);
  assert.match(runs.runs[0].error, /ended without closing the run/);
});
