/** Every weight-sharing strategy, on a space where the best op is known, must find it; and the same seed gives the same search. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ONESHOT_STRATEGIES } from '../../src/oneshot/strategies/index.js';
import { runOneShot } from '../../src/oneshot/run-oneshot.js';
import { BEST_OP, TOY_OPS, circleData, toySpace } from './toy-space.js';

const data = circleData(1200, 3);

for (const name of Object.keys(ONESHOT_STRATEGIES)) {
  describe(`weight-sharing strategy ${name}`, () => {
    it('finds the op that makes the classes separable, for three seeds', async () => {
      for (const seed of [1, 2, 3]) {
        const r = await runOneShot({ strategy: name, space: toySpace(), data, cells: 1, epochs: 12, batchSize: 32, seed, weightLr: 0.05, archLr: 0.03 });
        assert.equal(TOY_OPS[r.genotype[0]], TOY_OPS[BEST_OP], `seed ${seed}: derived ${TOY_OPS[r.genotype[0]]}; softmax(α) ${JSON.stringify(r.history.at(-1)!.probabilities)}`);
        assert.ok(r.sharedScore > 85, `seed ${seed}: shared-weight accuracy of the derived cell ${r.sharedScore}`);
        assert.equal(r.history.length, 12);
        assert.equal(r.arch.edges[0].gamma[BEST_OP], 1);
      }
    });

    it('is reproducible: the same seed, the same α history and cell', async () => {
      const run = () => runOneShot({ strategy: name, space: toySpace(), data, cells: 1, epochs: 2, batchSize: 32, seed: 9, archLr: 0.03 });
      const a = await run(), b = await run();
      assert.deepEqual(a.genotype, b.genotype);
      assert.deepEqual(a.history.map((h) => [h.trainLoss, h.probabilities]), b.history.map((h) => [h.trainLoss, h.probabilities]));
    });
  });
}
