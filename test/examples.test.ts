/** Every file in examples/ runs to the end and prints what it promises (they are documentation, so they must keep working). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

it('examples/custom-objective: a study of a custom objective in two statements', () => {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../examples/custom-objective.js', import.meta.url))], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^best of 40 trials: lr=[\d.e-]+ layers=\d+ activation=\w+ → score -?[\d.]+\n$/);
});

it('examples/library-calls: train, shrinkAndCompare and search as library calls, and an OptionError naming its option', () => {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../examples/library-calls.js', import.meta.url))], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^train: test R² -?[\d.]+, recorded as run 1\n/);
  assert.match(r.stdout, /\nshrinkAndCompare: mlp:10-256-1 → mlp:10-\d+-1\n/);
  assert.match(r.stdout, /\nsearch: best valid -?[\d.]+ over 4 trials\n/);
  assert.match(r.stdout, /\nerror names option "epochs": epochs: got "0"; expected a positive integer\n$/);
});
