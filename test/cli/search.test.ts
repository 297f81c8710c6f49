/** `topiary search` on a tabular CSV: the JSON summary, stored trials, the plot, and column errors. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNb201 } from '../../src/arch/nb201.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

it('search reports strategy, budget, seeds, meanTest, stdTest, meanBestValid and stores every trial', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-search-'));
  const rows = ['cell,v,t,c'];
  for (let i = 0; i < 5 ** 6; i++) {
    const g = Array.from({ length: 6 }, (_, e) => Math.floor(i / 5 ** e) % 5);
    rows.push(`${formatNb201(g)},${g.reduce((s, k) => s + k, 0)},${g[0]},1`);
  }
  writeFileSync(join(dir, 't.csv'), rows.join('\n'));
  const r = run('search', '--strategy', 'regularized-evolution', '--benchmark', `tabular:${join(dir, 't.csv')}`, '--arch-col', 'cell', '--valid-col', 'v',
    '--test-col', 't', '--cost-col', 'c', '--budget', '30', '--seeds', '3', '--db', join(dir, 's.db'), '--plot', join(dir, 'p.svg'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number | string>;
  for (const k of ['strategy', 'budget', 'seeds', 'meanTest', 'stdTest', 'meanBestValid']) assert.ok(k in out, k);
  assert.equal(out.budget, 30);
  assert.ok(existsSync(join(dir, 'p.svg')));
  const shown = JSON.parse(run('runs', 'show', '1', '--db', join(dir, 's.db'), '--format', 'json').stdout) as { metrics: { name: string }[] };
  assert.equal(shown.metrics.filter((m) => m.name === 'valid').length, 30);
  assert.match(run('search', '--benchmark', `tabular:${join(dir, 't.csv')}`, '--no-store').stderr, /no column "arch" for archCol/);
  assert.match(run('search', '--strategy', 'annealing', '--no-store').stderr, /--strategy: got "annealing"; expected one of grid, random/);
});
