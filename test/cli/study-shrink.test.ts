/** `topiary study shrink` on a tiny grid: every run stored, plots written; bad grid options explained. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

it('runs λ × depth × seed, stores each run and writes size-vs-λ and accuracy-vs-size plots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-grid-'));
  const r = run('study', 'shrink', '--datasets', 'add10', '--lambdas', '1e-1,1e-4', '--depths', '1,2', '--seeds', '1', '--time-budget', '0.5',
    '--width-scale', '0.01', '--out', join(dir, 'grid'), '--db', join(dir, 'g.db'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    runs: { sizes: number[]; shrunk: number; fixed: number }[]; plots: string[]; verdicts: Record<string, { runs: number; bestFixed: { fixed: number } }>;
  };
  assert.equal(out.runs.length, 4);
  assert.equal(out.verdicts.add10.runs, 4);
  assert.equal(out.verdicts.add10.bestFixed.fixed, Math.max(...out.runs.map((g) => g.fixed)));
  assert.match(r.stderr, /add10: best fixed .* compressed beat the fixed network of its own size in \d\/4 runs/);
  for (const g of out.runs) assert.ok(g.sizes.every((s) => s >= 1) && Number.isFinite(g.shrunk) && Number.isFinite(g.fixed));
  for (const f of out.plots) assert.ok(existsSync(f), f);
  assert.equal((JSON.parse(run('runs', 'list', '--db', join(dir, 'g.db'), '--format', 'json').stdout) as unknown[]).length, 4);
  const more = run('study', 'shrink', '--datasets', 'add10', '--lambdas', '1e-1', '--depths', '1', '--seeds', '2', '--first-seed', '3', '--time-budget', '0.2',
    '--width-scale', '0.01', '--out', join(dir, 'more'), '--no-store', '--json');
  assert.equal(more.status, 0, more.stderr);
  assert.deepEqual((JSON.parse(more.stdout.trim().split('\n').pop()!) as { runs: { seed: number }[] }).runs.map((g) => g.seed), [3, 4]);
  assert.match(run('study', 'shrink', '--lambdas', '-1').stderr, /--lambdas: got "-1"; expected numbers >= 0/);
  assert.match(run('shrink', '--dataset', 'add10', '--no-store', '--arch', 'mlp:10-0-1').stderr, /has a layer of width 0/);
  assert.match(run('shrink', '--dataset', 'add10', '--no-store', '--arch', 'mlp:ten').stderr, /--arch: "mlp:ten" is not understood/);
});
