/** Weight-sharing searches as a user runs them: derived cells scored by a table after the search, outputs, CLI and its errors. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { ArchModel } from '../../src/arch/build.js';
import { validateArch } from '../../src/arch/graph.js';
import { parseNb201 } from '../../src/arch/nb201.js';
import { Rng } from '../../src/core/random.js';
import { loadModel } from '../../src/io/model-file.js';
import { runOneShotSearch } from '../../src/oneshot/oneshot-search.js';
import { loadTabular } from '../../src/search/benchmark.js';
import { MemoryStore } from '../../src/store/memory.js';
import { registerDataset } from '../../src/data/in-memory.js';
import { writeNb201Table } from '../helpers.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('weight-sharing search on NB201', () => {
  const rng = new Rng(4), n = 240;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  // Class k brightens colour channel k, so the task is learnable by any cell.
  const x = rng.normal([n * 3 * 8 * 8], 0, 0.5).keep().data;
  for (let i = 0; i < n; i++) for (let j = 0; j < 64; j++) x[i * 192 + labels[i] * 64 + j] += 1;
  registerDataset({ name: 'tiny-images', task: 'classification', inputShape: [3, 8, 8], classes: 3, train: { x, labels, n } });

  it('derives cells, looks them up in the table only after the search, trains and saves them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiary-oneshot-'));
    const table = loadTabular(writeNb201Table(join(dir, 't.csv'), 'arch,valid,test', (cell, g) => `${cell},${g[0] * 10},${g[1] * 10}`), { archCol: 'arch', validCol: 'valid', testCol: 'test' });
    const out = await runOneShotSearch({ strategies: ['darts', 'gdas'], seeds: 2, dataset: 'tiny-images', space: 'nb201', channels: 4, cells: 1, epochs: 2, batchSize: 16, table, outDir: dir, trainEpochs: 1 });
    assert.equal(out.derived.length, 4);
    for (const d of out.derived) {
      const g = parseNb201(d.arch);
      assert.deepEqual(g, d.genotype);
      assert.equal(d.tableValid, g[0] * 10);
      assert.equal(d.tableTest, g[1] * 10);
      const stem = join(dir, `${d.strategy}-seed${d.seed}`);
      validateArch(JSON.parse(readFileSync(`${stem}-arch.json`, 'utf8')));
      for (let e = 0; e < 6; e++) assert.ok(existsSync(`${stem}-alpha-edge${e}.svg`), `α chart of edge ${e}`);
      assert.equal(d.trained?.epochs, 1);
      const saved = loadModel(d.trained!.model!);
      assert.equal((saved.model as ArchModel).spec().channels, 4, 'trained at the searched width (--channels), and reloaded at it');
    }
    assert.deepEqual(out.summaries.map((s) => s.strategy), ['darts', 'gdas']);
  });

  it('records each search as a run; a resume reuses completed runs with the same settings and redoes the rest', async () => {
    const store = new MemoryStore();
    const base = { seeds: 2, dataset: 'tiny-images', space: 'nb201', channels: 4, cells: 1, epochs: 2, batchSize: 16, store };
    const first = await runOneShotSearch({ ...base, strategies: ['rsps'] });
    const runs = await store.listRuns({ experiment: 'oneshot-search:tiny-images:nb201' });
    assert.deepEqual(runs.map((r) => [r.kind, r.status]).sort(), [['oneshot-search', 'completed'], ['oneshot-search', 'completed']]);
    const detail = await store.getRun(first.derived[0].runId!);
    assert.deepEqual(detail!.metrics.filter((m) => m.name === 'train.loss').map((m) => m.epoch), [1, 2]);
    assert.equal(detail!.summary!.arch, first.derived[0].arch);
    // Seed 2's run as if its process had been stopped: the resume searches it again, and only it.
    await store.reopenRun(first.derived[1].runId!);
    await store.finishRun(first.derived[1].runId!, 'interrupted', undefined, 'stopped');
    const lines: string[] = [];
    const again = await runOneShotSearch({ ...base, strategies: ['rsps'], resume: true, log: (l) => lines.push(l) });
    assert.deepEqual(again.derived.map((d) => [d.seed, d.resumed ?? false]), [[1, true], [2, false]]);
    assert.equal(again.derived[0].arch, first.derived[0].arch);
    assert.equal(again.derived[1].arch, first.derived[1].arch, 'the same seed searches to the same cell');
    assert.ok(lines.some((l) => /rsps seed 1: .* \(finished before the resume, run \d+\)/.test(l)));
    // Other settings are another search: nothing is reused.
    const wider = await runOneShotSearch({ ...base, channels: 6, seeds: 1, strategies: ['rsps'], resume: true });
    assert.equal(wider.derived[0].resumed, undefined);
  });

  it('a search stopped mid-way resumes from its last epoch\'s checkpoint and ends where an uninterrupted one ends', async () => {
    for (const strategy of ['darts', 'gdas']) {
      const dir = mkdtempSync(join(tmpdir(), 'topiary-oneshot-ckpt-'));
      const base = { strategies: [strategy], seeds: 1, dataset: 'tiny-images', space: 'nb201', channels: 4, cells: 1, epochs: 4, batchSize: 16 };
      const straight = await runOneShotSearch(base);
      // The process "dies" right after epoch 2 (its checkpoint is on disk, the search is not finished).
      const dying = (line: string) => { if (line.startsWith(`${strategy} epoch 2/4`)) throw new Error('killed'); };
      await assert.rejects(runOneShotSearch({ ...base, checkpointDir: dir, log: dying }), /killed/);
      const lines: string[] = [];
      const resumed = await runOneShotSearch({ ...base, checkpointDir: dir, resume: true, store: new MemoryStore(), log: (l) => lines.push(l) });
      assert.ok(lines.some((l) => new RegExp(`${strategy}: resumed from its checkpoint after epoch 2/4`).test(l)), lines.join('\n'));
      assert.ok(!lines.some((l) => new RegExp(`${strategy} epoch [12]/4`).test(l)), 'epochs 1 and 2 are not trained again');
      assert.equal(resumed.derived[0].arch, straight.derived[0].arch);
      assert.deepEqual(resumed.derived[0].genotype, straight.derived[0].genotype);
      assert.equal(resumed.derived[0].sharedScore, straight.derived[0].sharedScore, 'the same weights, α and random stream: the same shared-weight score');
      assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.ckpt')), [], 'a finished search leaves no checkpoint behind');
    }
  });
});

describe('topiary search with a weight-sharing strategy', () => {
  it('prints the derived cells per seed in its JSON line', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'topiary-oneshot-cli-')), 'runs.db');
    const args = ['search', '--strategy', 'rsps,darts-pt', '--dataset', 'add10', '--max-train', '600', '--epochs', '2', '--seeds', '2', '--db', db, '--json'];
    type Out = { space: string; derived: { strategy: string; seed: number; arch: string; searchSeconds: number; resumed?: boolean }[] };
    const r = run(...args);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Out;
    assert.equal(out.space, 'mlp-cell');
    assert.deepEqual(out.derived.map((d) => [d.strategy, d.seed]), [['rsps', 1], ['rsps', 2], ['darts-pt', 1], ['darts-pt', 2]]);
    assert.ok(out.derived.every((d) => /^\|/.test(d.arch) && d.searchSeconds > 0));
    // --resume: every search completed, so all four come from the store.
    const again = run(...args, '--resume');
    assert.equal(again.status, 0, again.stderr);
    const resumed = JSON.parse(again.stdout.trim().split('\n').pop()!) as Out;
    assert.deepEqual(resumed.derived.map((d) => [d.arch, d.resumed]), out.derived.map((d) => [d.arch, true]));
    const listed = run('runs', '--db', db, '--json');
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /oneshot-search:add10:mlp-cell/);
  });

  it('bad input: zero cells, mixed kinds of strategy, no dataset, data too small to split, a flag that does not apply', () => {
    const cases: [string[], RegExp][] = [
      [['--strategy', 'darts', '--dataset', 'add10', '--cells', '0'], /--cells: got "0"; expected a positive integer/],
      [['--strategy', 'darts,random', '--dataset', 'add10'], /"random" samples and trains architectures one by one while darts is a weight-sharing search/],
      [['--strategy', 'gdas', '--benchmark', 'nb201-cifar10'], /weight-sharing strategies train a supernet on data: give a dataset/],
      [['--strategy', 'darts', '--dataset', 'add10', '--max-train', '90'], /cannot be split into two halves of at least one batch \(64\) each; use a batch size of at most 45/],
      [['--strategy', 'random', '--benchmark', 'nb201-cifar10', '--cells', '2'], /--cells: is for weight-sharing strategies/],
    ];
    for (const [args, message] of cases) {
      const r = run('search', ...args, '--no-store');
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});
