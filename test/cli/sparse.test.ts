/** `topiary lottery`, `supermask` and `adddel` from the command line: JSON output, the store, the plot, and bad input named with its fix. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/io/model-file.js';
import { prunableWeights } from '../../src/sparse/magnitude.js';
import type { Sequential } from '../../src/nn/sequential.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const last = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

it('lottery: rounds in the JSON with the fields of the paper\'s figures, one run in the store, the plot written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-lottery-'));
  const r = run('lottery', '--dataset', 'add10', '--arch', 'mlp:10-16-8-1', '--rounds', '2', '--prune-rate', '0.3', '--output-rate', '0.1', '--iterations', '40', '--eval-every', '20',
    '--db', join(dir, 's.db'), '--plot', join(dir, 'p.svg'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const rounds = last(r.stdout).rounds as Record<string, number | null>[];
  assert.deepEqual(rounds.map((x) => Object.keys(x).sort()), rounds.map(() => ['bestValidIteration', 'reinitBestValidIteration', 'reinitTestAccuracy', 'round', 'testAccuracy', 'weightsRemaining']));
  assert.deepEqual(rounds.map((x) => x.round), [0, 1, 2]);
  assert.ok(existsSync(join(dir, 'p.svg')));
  assert.match(readFileSync(join(dir, 'p.svg'), 'utf8'), /weights remaining \(%\)/);
  const runs = last(run('runs', 'list', '--db', join(dir, 's.db'), '--json').stdout).runs as { kind: string; status: string }[];
  assert.deepEqual(runs.map((x) => [x.kind, x.status]), [['lottery', 'completed']]);
});

it('supermask: writes a model whose masks keep the density, and reads back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-supermask-'));
  const r = run('supermask', '--dataset', 'add10', '--arch', 'mlp:10-32-1', '--method', 'edge-popup', '--density', '0.25', '--epochs', '2', '--out', join(dir, 'm'), '--no-store', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = last(r.stdout);
  assert.equal(out.density, 0.25);
  const model = loadModel(String(out.model)).model as Sequential;
  assert.deepEqual(prunableWeights(model).map((w) => w.param.unmasked), [80, 8]);
});

it('bad input: prune rate outside (0, 1), too many rounds, conflicting budgets, an unknown method; no stack traces', () => {
  const cases: [string[], RegExp][] = [
    [['lottery', '--dataset', 'add10', '--prune-rate', '1.2'], /--prune-rate: got "1\.2"; expected a fraction strictly between 0 and 1/],
    [['lottery', '--dataset', 'add10', '--prune-rate', '0'], /--prune-rate: got "0"; expected a fraction strictly between 0 and 1/],
    [['lottery', '--dataset', 'add10', '--arch', 'mlp:10-4-1', '--rounds', '9', '--prune-rate', '0.5', '--iterations', '5'], /rounds: 9 rounds at prune rate 0\.5 would leave a layer without weights; this architecture allows at most \d/],
    [['lottery', '--dataset', 'add10', '--epochs', '1', '--iterations', '5'], /--epochs and --iterations: pick one training budget per round/],
    [['lottery', '--dataset', 'add10', '--rewind', '3', '--lr-rewind'], /--rewind and --lr-rewind: pick one/],
    [['supermask', '--dataset', 'add10', '--method', 'magic'], /--method: got "magic"; expected zhou or edge-popup/],
    [['supermask', '--dataset', 'add10', '--method', 'zhou', '--density', '0.3'], /--density: zhou learns how many weights to keep/],
    [['adddel', '--dataset', 'add10', '--start', '0'], /--start: .*widths from 1 to the most units per layer \(64\)/],
  ];
  for (const [args, re] of cases) {
    const r = run(...args, '--no-store');
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
    assert.ok(!/\n\s+at /.test(r.stderr), `no stack trace: ${args.join(' ')}`);
  }
});
