/** Long runs do not leak: scoped tensors, pooled buffers and resident memory stay flat over 10,000 steps. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, tidy, backward, softmaxCrossEntropy, liveScopedTensors, poolStats } from '../../src/core/index.js';
import { Dense, Sequential, BatchNorm } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';

it('10,000 training steps keep tensors, pool and RSS flat', () => {
  const rng = new Rng(1);
  const model = new Sequential([new Dense(20, 64, { activation: 'relu', seed: 1 }), new BatchNorm(64),
    new Dense(64, 64, { activation: 'tanh', seed: 2 }), new Dense(64, 5, { seed: 3 })]);
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const x = rng.normal([32, 20]).keep();
  const labels = Int32Array.from({ length: 32 }, (_, i) => i % 5);
  const step = () => tidy(() => {
    opt.zeroGrad();
    const loss = softmaxCrossEntropy(model.forward(x), labels);
    backward(loss);
    opt.step();
    return loss.item();
  });
  for (let i = 0; i < 1000; i++) step();
  const pool1 = poolStats(), rss1 = process.memoryUsage().rss;
  let last = 0;
  for (let i = 0; i < 9000; i++) last = step();
  const pool2 = poolStats(), rss2 = process.memoryUsage().rss;
  assert.ok(Number.isFinite(last));
  assert.equal(liveScopedTensors(), 0);
  assert.equal(pool2.buffers, pool1.buffers, 'pooled buffers should be reused, not accumulated');
  const growthMiB = (rss2 - rss1) / 2 ** 20;
  assert.ok(growthMiB < 32, `RSS grew by ${growthMiB.toFixed(1)} MiB between step 1,000 and 10,000`);
});
