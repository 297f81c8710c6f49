/** Typed dimensions and spaces made of them: bounds checked with named errors, vectors round-trip, every strategy's needs met. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/random.js';
import { checkDimension, dimensionSpace, type Dimension } from '../../src/study/index.js';
import { unitOf, valueAt } from '../../src/study/dimensions.js';

const SPACE: Dimension[] = [
  { kind: 'float', name: 'lr', low: 1e-5, high: 1e-1, log: true },
  { kind: 'int', name: 'layers', low: 1, high: 8 },
  { kind: 'categorical', name: 'act', choices: 3, labels: ['relu', 'tanh', 'gelu'] },
];

describe('dimensions', () => {
  it('refuse bounds that cannot be searched, naming the space, the dimension and the fix', () => {
    assert.throws(() => checkDimension('space s', { kind: 'float', name: 'lr', low: 0.1, high: 0.1 }), /space s, dimension "lr": a float dimension needs low < high, got low 0.1, high 0.1/);
    assert.throws(() => checkDimension('space s', { kind: 'float', name: 'lr', low: 0.5, high: 0.1 }), /needs low < high.*swap them/);
    assert.throws(() => checkDimension('space s', { kind: 'float', name: 'wd', low: 0, high: 1, log: true }), /dimension "wd": a log-scaled dimension needs low > 0.*got low 0/);
    assert.throws(() => checkDimension('space s', { kind: 'int', name: 'n', low: -3, high: 5, log: true }), /log-scaled dimension needs low > 0/);
    assert.throws(() => checkDimension('space s', { kind: 'int', name: 'n', low: 1.5, high: 5 }), /whole bounds/);
    assert.throws(() => checkDimension('space s', { kind: 'categorical', name: 'c', choices: 0 }), /positive whole number of choices/);
    assert.throws(() => checkDimension('space s', { kind: 'float', name: 'x', low: -Infinity, high: 1 }), /finite/);
    assert.throws(() => dimensionSpace('s', [SPACE[0], SPACE[0]]), /dimension "lr" is named twice/);
  });

  it('map numbers to 0…1 and back, on the log scale for log dimensions, rounding ints', () => {
    const lr = SPACE[0] as Exclude<Dimension, { kind: 'categorical' }>;
    assert.ok(Math.abs(unitOf(lr, 1e-3) - 0.5) < 1e-12, 'the geometric middle of 1e-5..1e-1');
    assert.ok(Math.abs(valueAt(lr, 0.5) - 1e-3) < 1e-12);
    const n = SPACE[1] as Exclude<Dimension, { kind: 'categorical' }>;
    for (let k = 1; k <= 8; k++) assert.equal(valueAt(n, unitOf(n, k)), k);
    assert.equal(valueAt(n, 2), 8, 'clipped');
  });

  it('a space of dimensions: samples are valid, vectors round-trip, neighbours and mutations stay inside', () => {
    const s = dimensionSpace('hp', SPACE), rng = new Rng(3);
    assert.equal(s.size, Infinity);
    for (let i = 0; i < 200; i++) {
      const p = s.sample(rng);
      assert.ok(s.isValid(p), JSON.stringify(p));
      assert.deepEqual(s.vector!.fromVector(s.vector!.toVector(p)), p);
      assert.ok(s.isValid(s.mutate(p, rng)));
      for (const q of s.neighbours!(p)) assert.ok(s.isValid(q));
      assert.equal(s.encoding!.encode(p).length, s.encoding!.size);
    }
    assert.ok(!s.isValid({ lr: 1, layers: 2, act: 'relu' }), 'lr above its range');
    assert.ok(!s.isValid({ lr: 1e-3, layers: 2.5, act: 'relu' }), 'a fractional int');
    assert.ok(!s.isValid({ lr: 1e-3, layers: 2, act: 'swish' }), 'an unknown label');
    assert.equal(dimensionSpace('grid', [SPACE[1], SPACE[2]]).size, 24);
  });
});
