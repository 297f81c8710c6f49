/** Proxies in search: proxy-pick takes the best of many random candidates by the proxy; any strategy can be filtered by one. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/core/random.js';
import { STRATEGIES } from '../../src/search/registry.js';
import { filteredByEstimate } from '../../src/study/estimate-filter.js';
import { parseObjectives } from '../../src/study/objectives.js';
import { type Genotype, categoricalSpace } from '../../src/study/space.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const space = categoricalSpace('toy', [5, 5, 5, 5], (g) => g.join('-'));
const objectives = parseObjectives('valid:max');
const estimate = (g: Genotype) => g.reduce((a, b) => a + b, 0);

it('a filtered strategy proposes the best by the estimate of each group of `factor` proposals of the plain one', () => {
  const filtered = filteredByEstimate(STRATEGIES.random, 4, 'sum').create({ space, rng: new Rng(5), objectives, estimate });
  const plain = STRATEGIES.random.create({ space, rng: new Rng(5), objectives });
  for (let i = 0; i < 10; i++) {
    const group = Array.from({ length: 4 }, () => plain.ask()!);
    const best = group.reduce((a, b) => (estimate(b) > estimate(a) ? b : a));
    assert.deepEqual(filtered.ask(), best);
  }
  assert.throws(() => filteredByEstimate(STRATEGIES.random, 4, 'naswot').create({ space, rng: new Rng(0), objectives }), /the naswot filter needs an estimate/);
});

it('proxy-pick proposes, without repeats, the best by the estimate among its candidates; without one it names --proxy', () => {
  const pick = STRATEGIES['proxy-pick'].create({ space, rng: new Rng(1), objectives, estimate });
  const first = pick.ask()!;
  // 100 random candidates of 625 include a near-best one.
  assert.ok(estimate(first) >= 14, `${first}`);
  assert.notDeepEqual(pick.ask(), first);
  assert.throws(() => STRATEGIES['proxy-pick'].create({ space, rng: new Rng(1), objectives }), /strategy proxy-pick needs a zero-cost proxy.*--proxy naswot/);
});

it('search --strategy proxy-pick --proxy trains the proxy\'s picks; --proxy-filter without --proxy is refused', () => {
  const r = run('search', '--strategy', 'proxy-pick', '--dataset', 'add10', '--space', 'mlp-cell', '--proxy', 'synflow', '--budget', '3', '--seeds', '1', '--epochs', '1',
    '--max-train', '500', '--workers', '1', '--no-store', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()!).strategy, 'proxy-pick');
  assert.equal((r.stderr.match(/^trial /gm) ?? []).length, 3);
  const bad = run('search', '--strategy', 'random', '--dataset', 'add10', '--proxy-filter', '3', '--no-store');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--proxy-filter: filters proposals by a zero-cost proxy: give a proxy too/);
});
