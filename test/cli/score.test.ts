/** topiary score: zero-cost proxy scores of untrained cells, one CSV row per architecture; bad input named with the fix. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'topiary-score-'));
const CELLS = ['|dense_relu~0|+|dense_relu~0|dense_tanh~1|+|skip~0|dense_relu~1|dense_relu~2|', '|none~0|+|skip~0|dense_relu~1|+|dense_tanh~0|none~1|skip~2|', '|skip~0|+|none~0|none~1|+|none~0|none~1|none~2|'];

it('scores every architecture with every proxy asked, arch column first, the same for the same seed', () => {
  const archs = join(dir, 'cells.csv');
  writeFileSync(archs, `cell,note\n${CELLS.map((c, i) => `${c},n${i}`).join('\n')}\n`);
  const args = ['score', '--space', 'mlp-cell', '--dataset', 'add10', '--archs', archs, '--arch-col', 'cell', '--proxies', 'naswot,synflow,snip,params', '--batch-size', '32', '--json'];
  const r = run(...args, '--out', join(dir, 'a.csv'));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!).archs, 3);
  const rows = readFileSync(join(dir, 'a.csv'), 'utf8').trim().split('\n');
  assert.equal(rows[0], 'cell,naswot,synflow,snip,params');
  assert.deepEqual(rows.slice(1).map((l) => l.split(',')[0]), CELLS);
  const value = (row: number, col: number) => Number(rows[row].split(',')[col]);
  // The cell of dense layers has more parameters than the one with a single dense edge, and the cell without one has none.
  assert.ok(value(1, 4) > value(2, 4) && value(2, 4) > value(3, 4));
  assert.ok([1, 2].every((row) => [1, 2, 3].every((col) => Number.isFinite(value(row, col)))));
  assert.equal(run(...args, '--out', join(dir, 'b.csv')).status, 0);
  assert.equal(readFileSync(join(dir, 'b.csv'), 'utf8'), readFileSync(join(dir, 'a.csv'), 'utf8'));
});

it('bad input: an unparsable cell names its line, an unknown proxy and a missing column name the choices', () => {
  const archs = join(dir, 'bad.csv');
  writeFileSync(archs, `arch\n${CELLS[0]}\n|dense_relu~0|+|oops|\n`);
  const base = ['score', '--space', 'mlp-cell', '--dataset', 'add10', '--out', join(dir, 'x.csv')];
  const cases: [string[], RegExp][] = [
    [['--archs', archs], /bad\.csv:3: cell "\|dense_relu~0\|\+\|oops\|"/],
    [['--archs', archs, '--proxies', 'naswot,zen'], /--proxies: got "zen"; expected some of naswot, synflow, snip, grad-norm, jacov, params/],
    [['--archs', archs, '--arch-col', 'genotype'], /--arch-col: .*bad\.csv has no column "genotype" \(columns: arch\)/],
  ];
  for (const [args, want] of cases) {
    const r = run(...base, ...args);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, want);
    assert.ok(!/\n\s+at /.test(r.stderr), r.stderr);
  }
});
