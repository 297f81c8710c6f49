/** `topiary shrink --json`: compress training, the folded model, and the fixed-size retrain at equal time. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/io/model-file.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

it('shrink reports final sizes, both test scores and saves a plain model of the shrunk size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-shrink-'));
  const r = spawnSync(process.execPath, [CLI, 'shrink', '--dataset', 'add10', '--arch', 'mlp:10-128-1', '--time-budget', '3', '--lr', '3e-3',
    '--lambda', '1e-2', '--batch-size', '32', '--out', join(dir, 'm'), '--db', join(dir, 's.db'), '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    startWidths: number[]; finalWidths: number[]; params: number; testR2: number; fixed: { testR2: number; arch: string; params: number }; model: string; history: unknown[];
  };
  assert.deepEqual(out.startWidths, [128]);
  assert.ok(out.finalWidths[0] < 128, `sizes ${out.finalWidths}`);
  assert.equal(out.params, 10 * out.finalWidths[0] + out.finalWidths[0] + out.finalWidths[0] + 1);
  assert.ok(Number.isFinite(out.testR2) && Number.isFinite(out.fixed.testR2));
  assert.equal(out.fixed.arch, `mlp:10-${out.finalWidths[0]}-1`);
  assert.equal(out.fixed.params, out.params);
  const { model } = loadModel(out.model);
  assert.equal(model.parameters()[0].shape[0], out.finalWidths[0]);
  assert.ok(out.history.length >= 1);
  // The run is stored like any other, with its model as an artifact.
  const shown = JSON.parse(spawnSync(process.execPath, [CLI, 'runs', 'show', '1', '--db', join(dir, 's.db'), '--format', 'json'], { encoding: 'utf8' }).stdout) as
    { kind: string; status: string; summary: { finalWidths: number[] }; artifacts: { kind: string }[] };
  assert.deepEqual([shown.kind, shown.status, shown.summary.finalWidths, shown.artifacts.map((a) => a.kind)], ['shrink', 'completed', out.finalWidths, ['model']]);
});

const shrink = (...args: string[]) => spawnSync(process.execPath, [CLI, 'shrink', '--dataset', 'add10', '--no-store', ...args], { encoding: 'utf8' });

it('--layers and --start-width build the start network; a collapse ends with a message and a saved report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-shrink-'));
  const r = shrink('--layers', '2', '--start-width', '40', '--lambda', '50', '--time-budget', '3', '--report', join(dir, 'r.json'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { startWidths: number[]; finalWidths: number[]; stoppedBy: string };
  assert.deepEqual(out.startWidths, [40, 40]);
  assert.equal(out.stoppedBy, 'collapse');
  assert.match(r.stderr, /collapsed: a layer fell to 1 unit\(s\), so λ 50 is too strong/);
  assert.deepEqual((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { finalWidths: number[] }).finalWidths, out.finalWidths);
});

it('bad λ, width 0, an unparsable layer spec and conflicting flags are named', () => {
  assert.match(shrink('--lambda', '-1').stderr, /--lambda: got "-1"; expected a number >= 0/);
  assert.match(shrink('--layers', '1', '--start-width', '0').stderr, /--start-width: got "0"; expected a positive integer/);
  assert.match(shrink('--layers', '5').stderr, /--layers: got "5"; expected 1 to 4 hidden layers/);
  assert.match(shrink('--arch', 'mlp:10-x-1').stderr, /--arch: "mlp:10-x-1" is not understood/);
  assert.match(shrink('--arch', 'mlp:10-8-1', '--layers', '2').stderr, /--arch and --layers: pass either an architecture or the layers/);
  assert.match(shrink('--settle', '1').stderr, /--settle: got "1"; expected a fraction in \[0, 1\)/);
  assert.match(shrink('--switch-lr-scale', '0').stderr, /--switch-lr-scale: got "0"; expected a positive number/);
  assert.match(shrink('--lr-schedule', 'step').stderr, /--lr-schedule: got "step"; expected constant or cosine/);
});
