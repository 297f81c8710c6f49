/** Grow and shrink in one run: a too-narrow start grows by Net2Net, dead units go, the result is a plain network. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { generateAdd10 } from '../../src/data/tabular.js';
import { prepare } from '../../src/data/prepare.js';
import { growAndShrink } from '../../src/grow/index.js';
import { Switch } from '../../src/shrink/index.js';

it('a 2-unit start on Add10 grows (each event doubles a layer), records widths per epoch, and ends as a plain network beside a fixed one', () => {
  const data = prepare(generateAdd10(2000, 0), { seed: 0 });
  const r = growAndShrink(data, { seed: 1, startWidth: 2, layers: 2, timeBudgetSeconds: 3, growth: { window: 40 } });
  assert.ok(r.events.length >= 1, 'it grew');
  for (const e of r.events) assert.equal(e.to, e.from * 2);
  assert.deepEqual(r.startWidths, [2, 2]);
  assert.ok(r.history.every((h) => h.widths.length === 2));
  assert.deepEqual(r.history.at(-1)!.widths, r.compressed.sizes);
  assert.equal(r.finalArch, `mlp:10-${r.compressed.sizes.join('-')}-1`);
  assert.ok(r.shrunk.layers.every((l) => !(l instanceof Switch)));
  assert.ok(Math.max(...r.compressed.sizes) > 2);
  assert.ok(Number.isFinite(r.shrunkTest.r2!) && Number.isFinite(r.fixedTest.r2!));
  assert.ok(r.shrunkTest.r2! > 0.5, `test R² ${r.shrunkTest.r2}`);
  assert.throws(() => growAndShrink(data, { seed: 1, timeBudgetSeconds: 1, growth: { factor: 1 } }), /growth rule: factor must be a number above 1, got 1/);
  assert.throws(() => growAndShrink(data, { seed: 1, timeBudgetSeconds: 1, layers: 5 }), /layers must be 1 to 4, got 5/);
});
