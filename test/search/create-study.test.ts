/** The short path: a study of a user's own objective in two statements, with defaults and named errors for what is missing. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createStudy } from '../../src/search/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Study } from '../../src/study/index.js';

it('two statements: create with a list of dimensions, optimize a function; TPE finds the minimum', async () => {
  const study = await createStudy({ space: [{ kind: 'float', name: 'x', low: -5, high: 5 }, { kind: 'categorical', name: 'op', choices: 2, labels: ['add', 'mul'] }], objectives: 'y:min', strategy: 'tpe' });
  const trials = await study.optimize(({ x, op }) => (Number(x) - 2) ** 2 + (op === 'mul' ? 1 : 0), { trials: 60 });
  assert.equal(trials.length, 60);
  const best = Math.min(...trials.map((t) => t.values![0]));
  assert.ok(best < 0.05, `best ${best}`);
  assert.equal(study.study.row.config.strategy, 'tpe');
});

it('objectives by name from a record, several at once; the default strategy and store', async () => {
  const study = await createStudy({ space: [{ kind: 'int', name: 'n', low: 1, high: 50 }], objectives: 'acc:max,size:min' });
  const trials = await study.optimize(({ n }) => ({ acc: Math.log(Number(n)), size: Number(n) }), { trials: 20 });
  assert.ok(trials.every((t) => t.values!.length === 2));
  assert.equal(study.study.row.config.strategy, 'regularized-evolution');
  assert.equal(study.study.store.url, 'memory:');
});

it('a JavaScript caller who leaves something out gets a named error, not a TypeError', async () => {
  const loose = createStudy as unknown as (o?: unknown) => Promise<unknown>;
  await assert.rejects(loose(), /createStudy: give an options object/);
  await assert.rejects(loose({ objectives: 'y:max' }), /createStudy: options.space is required/);
  await assert.rejects(loose({ space: [{ kind: 'float', name: 'x', low: 0, high: 1 }] }), /createStudy: options.objectives is required/);
  await assert.rejects(loose({ space: [{ kind: 'float', name: 'x', low: 1, high: 0 }], objectives: 'y:max' }), /space space, dimension "x": a float dimension needs low < high/);
  await assert.rejects(loose({ space: [{ kind: 'float', name: 'x', low: 0, high: 1 }], objectives: 'y:max', strategy: 'annealing' }), /createStudy: options.strategy: got "annealing"; expected one of/);
  const study = await createStudy({ space: [{ kind: 'float', name: 'x', low: 0, high: 1 }], objectives: 'a:max,b:max' });
  await assert.rejects(study.optimize(() => 1, { trials: 3 }), /3 trials in a row failed.*returned one number for 2 objectives/);
  assert.throws(() => study.optimize(() => 1, {}), /optimize: give a budget/);
  // Study.open itself: a missing config is no longer an error, a missing space is a named one.
  const open = Study.open as unknown as (o: unknown) => Promise<unknown>;
  await assert.rejects(open({ store: new MemoryStore(), name: 's', objectives: [{ name: 'y', direction: 'max' }] }), /Study.open: options.space is required/);
});
