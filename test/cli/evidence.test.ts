/** topiary evidence: a width grid scored by Laplace evidence beside the test score, with its plot; bad lists are named. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'topiary-evidence-'));

it('scores every width and seed, picks the width of highest mean evidence, writes the plot', () => {
  const plot = join(dir, 'ev.svg');
  const r = run('evidence', '--dataset', 'add10', '--widths', '1,16', '--seeds', '2', '--epochs', '5', '--plot', plot, '--json');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as { picked: { width: number; logEvidence: number }; cells: { width: number; logEvidence: number; test: number }[] };
  assert.equal(j.cells.length, 2);
  assert.ok(j.cells.every((c) => Number.isFinite(c.logEvidence) && Number.isFinite(c.test)));
  // One tanh-free ReLU unit cannot fit Add10: it has less evidence than 16 units, and evidence picks 16.
  assert.equal(j.picked.width, 16);
  assert.equal((r.stderr.match(/^depth 1 width/gm) ?? []).length, 4);
  assert.ok(existsSync(plot));
  const bad = run('evidence', '--dataset', 'add10', '--widths', '2,x');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--widths: got "2,x"; expected comma-separated numbers/);
});

it('the diagonal method scores the grid too; search --evidence reports the metric and can optimise it', () => {
  const r = run('evidence', '--dataset', 'add10', '--method', 'diagonal', '--widths', '4,16', '--seeds', '1', '--epochs', '3', '--json');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as { method: string; cells: { logEvidence: number }[] };
  assert.equal(j.method, 'diagonal');
  assert.ok(j.cells.every((c) => Number.isFinite(c.logEvidence)));
  const s = run('search', '--strategy', 'random', '--dataset', 'add10', '--space', 'mlp-stack', '--budget', '2', '--seeds', '1', '--epochs', '2', '--max-train', '1000',
    '--evidence', 'last-layer', '--objectives', 'evidence:max', '--workers', '1', '--no-store', '--json');
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stderr, /best evidence -?\d/);
  const bad = run('evidence', '--dataset', 'add10', '--method', 'kfac', '--widths', '4', '--seeds', '1', '--epochs', '1');
  assert.match(bad.stderr, /--method: got "kfac"; expected last-layer or diagonal/);
});
