/** `train` as a library user calls it: a name for the data, options checked at the boundary, the run recorded in the vocabulary. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { OptionError } from '../../src/core/option-error.js';
import { train } from '../../src/experiment/train.js';
import { MemoryStore } from '../../src/store/memory.js';

it('a JavaScript caller who leaves out the dataset, or gives a bad value, gets an OptionError naming the option', async () => {
  await assert.rejects(train({} as never), (e: unknown) => e instanceof OptionError && e.option === 'dataset' && /dataset: is required/.test(e.message));
  await assert.rejects(train({ dataset: 'add10', batchSize: 0 }), (e: unknown) => e instanceof OptionError && e.option === 'batchSize');
  await assert.rejects(train({ dataset: 'add10', optimizer: 'adamm' }), /optimizer: got "adamm"; expected one of adam, adamw, adamax, sgd \(no optimizer of that name; did you mean "adam"\?\)/);
});

it('trains a dataset given by name, records the run with its epochs in the metric vocabulary, and is reproducible by seed', async () => {
  const store = new MemoryStore();
  const a = await train({ dataset: 'add10', arch: 'mlp:10-16-1', epochs: 2, seed: 3, store });
  const b = await train({ dataset: { name: 'add10' }, arch: 'mlp:10-16-1', epochs: 2, seed: 3 });
  assert.equal(a.testR2, b.testR2, 'the same seed gives the same result');
  assert.equal(b.runId, undefined, 'without a store nothing is recorded');
  const run = await store.getRun(a.runId!);
  assert.equal(run!.kind, 'train');
  assert.deepEqual([...new Set(run!.metrics.map((m) => m.name))].sort(), ['lr', 'seconds', 'train.loss', 'valid.loss', 'valid.r2']);
  assert.equal(run!.summary!.testR2, a.testR2);
});
