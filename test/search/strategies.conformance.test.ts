/** One suite for every search strategy, on a synthetic NB201-shaped table (no shared data needed). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/core/random.js';
import { parseNb201, formatNb201 } from '../../src/arch/nb201.js';
import { NB201_SPACE, STRATEGIES, isValidGenotype, genotypeKey, loadTabular, runTabularSearch } from '../../src/search/index.js';

// Every one of the 5^6 cells, with a smooth made-up score (convs help, "none" hurts) and a cost.
const dir = mkdtempSync(join(tmpdir(), 'topiary-nb-'));
const csv = join(dir, 'table.csv');
const rows = ['arch,valid,test,cost'];
for (let i = 0; i < 5 ** 6; i++) {
  const g = Array.from({ length: 6 }, (_, e) => Math.floor(i / 5 ** e) % 5);
  const valid = 50 + g.reduce((s, k) => s + [0, 3, 5, 7, 2][k], 0) + (i % 7) * 0.1;
  rows.push(`${formatNb201(g)},${valid},${valid - 0.5},${100 + i % 13}`);
}
writeFileSync(csv, rows.join('\n'));
const bench = loadTabular(csv, { archCol: 'arch', validCol: 'valid', testCol: 'test', costCol: 'cost' });

describe('NB201 cell strings', () => {
  it('parse and format round-trip; errors name the problem', () => {
    const s = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
    assert.equal(formatNb201(parseNb201(s)), s);
    assert.equal(bench.size, 15625);
    assert.throws(() => parseNb201('|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|'), /unknown op "conv"/);
    assert.throws(() => parseNb201('|none~0|+|none~0|'), /expected 3 node groups/);
    assert.throws(() => loadTabular(csv, { archCol: 'arch', validCol: 'acc', testCol: 'test', costCol: 'cost' }), /no column "acc" for validCol/);
  });
});

for (const [name, make] of Object.entries(STRATEGIES)) {
  describe(`strategy conformance: ${name}`, () => {
    it('proposes valid genotypes, respects the budget and does not repeat itself', () => {
      const r = runTabularSearch(make(NB201_SPACE, new Rng(1)), NB201_SPACE, bench, 150);
      assert.equal(r.trials.length, 150);
      const keys = r.trials.map((t) => genotypeKey(parseNb201(t.arch)));
      assert.equal(new Set(keys).size, keys.length);
      for (const t of r.trials) assert.ok(isValidGenotype(NB201_SPACE, parseNb201(t.arch)));
      assert.ok(r.bestValidSoFar.every((v, i) => i === 0 || v >= r.bestValidSoFar[i - 1]));
      assert.equal(r.best.valid, Math.max(...r.trials.map((t) => t.valid)));
    });
    it('is reproducible for a seed (and, unless deterministic by design, differs across seeds)', () => {
      const arches = (seed: number) => runTabularSearch(make(NB201_SPACE, new Rng(seed)), NB201_SPACE, bench, 40).trials.map((t) => t.arch);
      assert.deepEqual(arches(5), arches(5));
      if (name !== 'grid') assert.notDeepEqual(arches(5), arches(6));
    });
  });
}

it('the model-based strategies beat random search on a structured table (mean of 5 seeds, 200 trials)', () => {
  const mean = (n: string) => [0, 1, 2, 3, 4].reduce((s, seed) => s + runTabularSearch(STRATEGIES[n](NB201_SPACE, new Rng(seed)), NB201_SPACE, bench, 200).best.valid, 0) / 5;
  const random = mean('random');
  for (const n of ['regularized-evolution', 'genetic', 'reinforce']) assert.ok(mean(n) > random, `${n}: ${mean(n)} vs random ${random}`);
});
