/** The CLI end to end: `topiary train --json` prints one JSON object as the last stdout line; bad flags explain themselves. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

it('train on generated Add10 reports testR2, params and seconds as JSON', () => {
  const r = run('train', '--dataset', 'add10', '--arch', 'mlp:10-32-1', '--epochs', '15', '--lr', '3e-3', '--seed', '3', '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const out = JSON.parse(lines[lines.length - 1]) as { testR2: number; params: number; seconds: number };
  assert.ok(out.testR2 > 0.7, `testR2 ${out.testR2}`);
  assert.equal(out.params, 10 * 32 + 32 + 32 + 1);
  assert.ok(out.seconds > 0);
});

it('bad options name the flag, the value and what is allowed', () => {
  const r = run('train', '--dataset', 'add10', '--optimizer', 'adamm');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--optimizer: got "adamm"; expected one of adam, adamw, adamax, sgd/);
  assert.match(run('train', '--dataset', 'add10', '--epochs', '-2').stderr, /--epochs: got "-2"; expected a positive integer/);
  assert.match(run('train', '--dataset', 'add10', '--bogus', '1').stderr, /unknown option --bogus/);
});
