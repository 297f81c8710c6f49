/** Every trainable space: samples, mutations and crossovers stay valid, keys are stable, and each architecture builds a model that runs. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/random.js';
import { noGrad, tidy } from '../../src/core/index.js';
import { TRAINABLE_SPACES } from '../../src/search/spaces/index.js';

// Every space here takes images; the MLP spaces flatten them.
const INPUT = [3, 8, 8];

for (const [name, make] of Object.entries(TRAINABLE_SPACES)) {
  describe(`space ${name}`, () => {
    const space = make();
    const s = space.search;
    it('samples, mutants and children are valid and keyed by their content', () => {
      const rng = new Rng(1);
      for (let i = 0; i < 30; i++) {
        const a = s.sample(rng), b = s.sample(rng);
        for (const p of [a, s.mutate(a, rng), ...(s.crossover ? [s.crossover(a, b, rng)] : [])]) {
          assert.ok(s.isValid(p), `${name}: ${JSON.stringify(p)} is not valid`);
          assert.equal(s.key(p), s.key(JSON.parse(JSON.stringify(p))), 'the key depends on the content only');
        }
      }
      assert.ok(!s.isValid({ nonsense: true }));
    });
    it('an architecture builds a model with one output per class, the same for the same seed', () => {
      const p = s.sample(new Rng(2));
      const x = new Rng(3).normal([2, ...INPUT]).keep();
      const outputs = (seed: number) => noGrad(() => tidy(() => Array.from(space.build(p, INPUT, 5, seed).eval().forward(x).data)));
      const y = outputs(7);
      assert.equal(y.length, 2 * 5);
      assert.ok(y.every(Number.isFinite));
      assert.deepEqual(outputs(7), y);
      assert.throws(() => space.build({ nonsense: true } as never, INPUT, 5, 0));
      x.dispose();
    });
  });
}
