/** `topiary diagnose` and `topiary study width` end to end on small generated data. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/core/random.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const lastJson = (s: string) => JSON.parse(s.trim().split('\n').pop()!) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'topiary-diag-'));

it('diagnose reports every hidden layer with statistics and writes the plots', () => {
  const t = run('train', '--dataset', 'add10', '--arch', 'mlp:10-24-12-1', '--epochs', '3', '--out', join(dir, 'm'), '--no-store', '--json');
  assert.equal(t.status, 0, t.stderr);
  const r = run('diagnose', '--model', join(dir, 'm.json'), '--samples', '300', '--out', join(dir, 'plots'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = lastJson(r.stdout) as { layers: { neurons: number; postActivation: { shapiro: { w?: number }; pca: { componentsFor90: number } }; plots: string[] }[] };
  assert.deepEqual(out.layers.map((l) => l.neurons), [24, 12]);
  for (const l of out.layers) {
    assert.ok(l.postActivation.shapiro.w! > 0 && l.postActivation.shapiro.w! <= 1);
    assert.ok(l.postActivation.pca.componentsFor90 >= 1);
    for (const f of l.plots) assert.ok(existsSync(f), f);
  }
  assert.match(run('diagnose', '--model', join(dir, 'm.json'), '--layer', '2').stderr, /--layer: 2 is not a hidden Dense layer \(it is Dense\); hidden Dense layers are 0, 1/);
});

it('study width runs every width and seed, stores the runs and writes the four plots', () => {
  const rng = new Rng(5);
  const rows = ['a,b,c,label'];
  for (let i = 0; i < 300; i++) {
    const [a, b, c] = [rng.next(), rng.next(), rng.next()];
    rows.push(`${a},${b},${c},${a + b > 1 ? 'x' : c > 0.5 ? 'y' : 'z'}`);
  }
  writeFileSync(join(dir, 'toy.csv'), rows.join('\n'));
  const r = run('study', 'width', '--dataset', `csv:${join(dir, 'toy.csv')}`, '--target', 'label', '--widths', '4,16', '--seeds', '2',
    '--epochs', '2', '--samples', '50', '--out', join(dir, 'study'), '--db', join(dir, 's.db'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = lastJson(r.stdout) as { perWidth: { width: number; testAccuracy: number }[]; plots: string[] };
  assert.deepEqual(out.perWidth.map((p) => p.width), [4, 16]);
  assert.equal(out.plots.length, 4);
  for (const f of out.plots) assert.ok(existsSync(f), f);
  const list = run('runs', 'list', '--db', join(dir, 's.db'), '--format', 'json');
  assert.equal((JSON.parse(list.stdout) as unknown[]).length, 4);
});
