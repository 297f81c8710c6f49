/** `topiary evolve --json`: the last stdout line carries testR2, ops and the formula; ensembles run every member. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

it('evolve reports testR2, the op count and a formula; per-epoch lines name ops added and removed', () => {
  const r = run('evolve', '--dataset', 'add10', '--no-store', '--epochs', '6', '--max-ops', '4', '--ops', 'add,mul,sin', '--ensemble', '2', '--seed', '3', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { testR2: number; ops: number; opsPerMember: number[]; formula: string };
  assert.ok(out.testR2 > 0.3, `testR2 ${out.testR2}`);
  assert.ok(out.ops <= 4);
  assert.equal(out.opsPerMember.length, 2);
  assert.match(out.formula, /^y0 = .*x\d/);
  assert.match(r.stderr, /epoch +2 .*ops +\d+ +\+(add|mul|sin)\(/);
  assert.match(run('evolve', '--dataset', 'add10', '--no-store', '--ops', 'add,pow').stderr, /--ops: unknown op "pow"; allowed: add, sub, mul/);
});
