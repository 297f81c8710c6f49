/** `topiary grow`: JSON report with widths and growth events, the plot and model files, and flag errors. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

it('grow writes its report, plot and model; bad flags name the fix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-grow-'));
  const r = run('grow', '--dataset', 'add10', '--start-width', '2', '--time-budget', '2', '--no-store', '--json',
    '--report', join(dir, 'r.json'), '--plot', join(dir, 'w.svg'), '--out', join(dir, 'm'));
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { startWidths: number[]; finalWidths: number[]; testR2: number; fixed: { testR2: number }; growth: unknown[]; model: string };
  assert.deepEqual(out.startWidths, [2]);
  assert.ok(Number.isFinite(out.testR2) && Number.isFinite(out.fixed.testR2));
  assert.ok(Array.isArray(out.growth));
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { history: { widths: number[] }[] };
  assert.ok(report.history.length >= 1 && report.history.every((h) => h.widths.length === 1));
  assert.match(readFileSync(join(dir, 'w.svg'), 'utf8'), /^<svg/);
  assert.ok(existsSync(join(dir, 'm.json')));
  const bad = run('grow', '--dataset', 'add10', '--layers', '5', '--no-store');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--layers: got "5"; expected 1 to 4 hidden layers/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
  assert.match(run('grow', '--dataset', 'add10', '--grow-mode', 'copy', '--no-store').stderr, /--grow-mode: got "copy"; expected zero or net2net/);
});
