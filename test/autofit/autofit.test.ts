/**
 * topiary autofit from the command line: a short run on generated Add10 writes the model, ONNX, TF.js and the
 * report, records its trials, and its ONNX gives Topiary's predictions on raw rows; Ctrl-C keeps the finished
 * trials and --resume goes on from them; bad input is named with the fix.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { noGrad, tidy } from '../../src/core/index.js';
import { Tensor } from '../../src/core/tensor.js';
import { prepare } from '../../src/data/prepare.js';
import { loadDataset } from '../../src/data/registry.js';
import { loadModel } from '../../src/io/model-file.js';
import { regressionScores } from '../../src/train/metrics.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const lastJson = (s: string) => JSON.parse(s.trim().split('\n').pop()!) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'topiary-autofit-'));
const noStack = (s: string) => assert.ok(!/\n\s+at /.test(s), `no stack trace: ${s}`);

it('autofit on Add10 within its budget: model, ONNX, TF.js, report and charts; the ONNX gives Topiary\'s predictions on raw rows', async () => {
  const out = join(dir, 'add10'), db = join(dir, 'a.db');
  const r = run('autofit', '--dataset', 'add10', '--time-budget', '12', '--workers', '2', '--out', out, '--db', db, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', '--json prints nothing else');
  const j = lastJson(r.stdout) as { task: string; testR2: number; arch: string; params: number; trials: number; seconds: number; model: string; onnx: string; tfjs: string; report: string; study: string };
  assert.equal(j.task, 'regression');
  assert.ok(j.testR2 > 0.6, `test R² ${j.testR2}`);
  assert.ok(j.trials >= 3, `${j.trials} trials`);
  assert.ok(j.seconds <= 12 + 3, `${j.seconds} s for a 12 s budget`);
  for (const f of [j.model, j.onnx, j.tfjs, j.report, join(out, 'best-over-time.svg'), join(out, 'score-vs-params.svg'), join(out, 'result.json')]) assert.ok(existsSync(f), f);
  const report = readFileSync(j.report, 'utf8');
  assert.match(report, /## Result[\s\S]*Final network[\s\S]*## Trials \(\d+\)/);
  assert.ok(report.includes(j.arch));

  // Topiary on standardised rows, mapped back to target units, against the ONNX file on the raw rows of the same split.
  const { model, file } = loadModel(j.model);
  const pre = file.metadata.preprocessing as { featureMean: number[]; featureStd: number[]; targetMean: number; targetStd: number };
  const raw = prepare(loadDataset('add10', dir, 0), { seed: 0, standardize: false });
  const scaled = raw.test.x.map((v, i) => (v - pre.featureMean[i % 10]) / pre.featureStd[i % 10]);
  model.eval();
  const ours = noGrad(() => tidy(() => Float32Array.from(model.forward(new Tensor(scaled, [raw.test.n, 10])).data))).map((v) => v * pre.targetStd + pre.targetMean);
  const session = await ort.InferenceSession.create(j.onnx);
  const theirs = (await session.run({ input: new ort.Tensor('float32', raw.test.x, [raw.test.n, 10]) })).output.data as Float32Array;
  let worst = 0;
  ours.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - theirs[i]) / Math.max(1, Math.abs(v))); });
  assert.ok(worst <= 1e-4, `largest relative difference ${worst}`);
  assert.ok(Math.abs(regressionScores(Array.from(theirs), raw.test.targets!).r2 - j.testR2) < 1e-4);

  const shown = lastJson(run('study', 'show', j.study, '--db', db, '--json').stdout) as { trials: { completed: number } };
  assert.ok(shown.trials.completed >= 3, JSON.stringify(shown.trials));
  const runs = lastJson(run('runs', 'list', '--db', db, '--json').stdout) as { runs: { kind: string; status: string }[] };
  assert.deepEqual(runs.runs.map((x) => [x.kind, x.status]), [['autofit', 'completed']]);
});

it('Ctrl-C keeps the finished trials in the store and --resume goes on from them', async () => {
  const db = join(dir, 'stop.db'), out = join(dir, 'stopped');
  const child = spawn(process.execPath, [CLI, 'autofit', '--dataset', 'add10', '--time-budget', '40', '--workers', '2', '--out', out, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  const status = await new Promise<number | null>((resolve) => {
    child.stdout.on('data', (b: Buffer) => {
      seen += b.toString();
      if ((seen.match(/^trial /gm) ?? []).length >= 3 && !child.killed) child.kill('SIGINT');
    });
    child.on('exit', (code) => resolve(code));
  });
  assert.equal(status, 130, seen);
  const study = lastJson(run('study', 'show', 'autofit:add10:seed0', '--db', db, '--json').stdout) as { trials: { completed: number; running: number } };
  const kept = study.trials.completed;
  assert.ok(kept >= 3, `${kept} completed trials kept`);
  assert.equal(study.trials.running, 0, 'no trial left running');
  const again = run('autofit', '--dataset', 'add10', '--time-budget', '12', '--workers', '2', '--out', out, '--db', db, '--resume');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /resuming study autofit:add10:seed0/);
  assert.equal((again.stdout.match(/\(from the earlier run\)/g) ?? []).length, kept);
  assert.ok(existsSync(join(out, 'model.onnx')));
});

it('bad input is named with the fix: missing target, one class, too small a budget, unwritable --out, --test without a CSV', () => {
  const csv = join(dir, 'd.csv');
  writeFileSync(csv, `a,color,y\n${Array.from({ length: 30 }, (_, i) => `${i},${['red', 'blue'][i % 2]},same`).join('\n')}\n`);
  const cases: [string[], RegExp][] = [
    [['--dataset', `csv:${csv}`, '--target', 'price'], /no column "price" \(columns: a, color, y\)\. Pass --target with one of these names/],
    [['--dataset', `csv:${csv}`, '--target', 'y'], /target "y" has one class \("same"\) in every row\. A classifier needs at least two classes/],
    [['--dataset', 'add10', '--time-budget', '3'], /--time-budget: .* s left after loading the data is too small to search and train anything; give at least 10 s/],
    [['--dataset', 'add10', '--out', '/proc/topiary-out'], /--out: cannot write to \/proc\/topiary-out .*pick a folder you can write to/],
    [['--dataset', 'add10', '--test', csv], /--test: scores the model on a CSV file .*use it with a csv:FILE dataset/],
    [['--dataset', 'add10', '--resume', '--no-store'], /--resume continues a study kept in a store; drop --no-store/],
    [['--dataset', 'add10', '--time-budgt', '5'], /did you mean --time-budget/],
  ];
  for (const [args, want] of cases) {
    const r = run('autofit', ...args, ...(args.includes('--no-store') ? [] : ['--no-store']));
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want);
    noStack(r.stderr);
  }
});

it('with inherit, the second round continues each promoted network from its first-round weights', async () => {
  const { autofit } = await import('../../src/autofit/autofit.js');
  const { generateAdd10 } = await import('../../src/data/tabular.js');
  const { MemoryStore } = await import('../../src/store/memory.js');
  const store = new MemoryStore();
  const r = await autofit(generateAdd10(3000, 0), { timeBudgetSeconds: 30, workers: 2, seed: 0, store, out: join(dir, 'inherit'), inherit: true });
  const studies = await store.listStudies();
  const first = studies.find((s) => !s.name.includes(':round2:'))!, second = studies.find((s) => s.name.includes(':round2:'));
  assert.ok(second, `a second round ran: ${studies.map((s) => s.name).join(', ')}`);
  const round1 = await store.listTrials(first.id), round2 = await store.listTrials(second.id);
  assert.ok(round2.length >= 2);
  for (const t of round2) {
    const parent = round1.find((q) => q.number === t.attrs.parent);
    assert.ok(parent && parent.paramsKey === t.paramsKey, `trial ${t.number} of round 2 names its first-round trial`);
    // Its first epoch starts from trained weights: already near where the first round ended, not where a fresh network starts.
    const firstEpoch = t.intermediate[0].metrics.valid;
    assert.ok(firstEpoch > (parent.attrs.valid as number) - 5, `round 2 starts at ${firstEpoch}, its parent ended at ${parent.attrs.valid}`);
  }
  assert.ok(Number.isFinite(r.testR2));
});

it('with tune, each trial trains with its own learning rate, and the winner\'s is the final training\'s', async () => {
  const { autofit } = await import('../../src/autofit/autofit.js');
  const { generateAdd10 } = await import('../../src/data/tabular.js');
  const { MemoryStore } = await import('../../src/store/memory.js');
  const store = new MemoryStore();
  const r = await autofit(generateAdd10(2000, 0), { timeBudgetSeconds: 20, workers: 2, seed: 0, store, out: join(dir, 'tune'), tune: [{ name: 'lr', low: 1e-4, high: 1e-1 }] });
  const study = (await store.listStudies()).find((s) => !s.name.includes(':round2:'))!;
  assert.deepEqual(study.config.tune, [{ name: 'lr', low: 1e-4, high: 1e-1 }]);
  const lrs = (await store.listTrials(study.id)).map((t) => (t.params as { train: { lr: number } }).train.lr);
  // Mutations change the architecture or a setting, so learning rates repeat, but they vary across the study.
  assert.ok(lrs.length >= 4 && new Set(lrs).size > 2 && lrs.every((lr) => lr >= 1e-4 && lr <= 1e-1), lrs.join(', '));
  assert.match(r.winner.arch, / lr=[\d.e-]+$/);
  assert.match(readFileSync(r.report, 'utf8'), /lr searched per trial instead; the winner's, lr [\d.e-]+, trained the shrink and final networks/);
  assert.ok(Number.isFinite(r.testR2));
});

it('on a small table the shrink is not used: its validation split cannot tell a small loss, and the reason says so', async () => {
  const { autofit } = await import('../../src/autofit/autofit.js');
  const { loadCsv } = await import('../../src/data/tabular.js');
  // 200 rows of two overlapping classes: 16 validation rows, each worth 6.25 points.
  const rows = ['a,b,c,label'];
  for (let i = 0; i < 200; i++) { const k = i % 2, u = Math.sin(i * 12.9898) * 43758.5453; const r = u - Math.floor(u); rows.push(`${k + r},${r * 2 - k},${(i % 7) / 7},c${k}`); }
  writeFileSync(join(dir, 'small.csv'), rows.join('\n'));
  const r = await autofit(loadCsv(join(dir, 'small.csv'), 'label'), { timeBudgetSeconds: 20, workers: 2, seed: 0, out: join(dir, 'small') });
  assert.ok(r.shrink, 'the shrink ran');
  assert.ok(!r.shrink.used);
  if (r.shrink.params <= 0.9 * r.winner.params && r.shrink.valid >= r.winner.valid - 0.25) assert.match(r.shrink.why, /the validation split \(about 16 rows, one row 6\.25 points\) cannot tell a 0\.25-point loss/);
});
