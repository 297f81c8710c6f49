/** Seeded randomness: reproducible, well-distributed, independent streams. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/index.js';

it('the same seed gives the same numbers; another seed does not', () => {
  assert.deepEqual(Array.from(new Rng(5).normal([100]).data), Array.from(new Rng(5).normal([100]).data));
  assert.notDeepEqual(Array.from(new Rng(5).uniform([100]).data), Array.from(new Rng(6).uniform([100]).data));
  const r = new Rng(5);
  assert.notDeepEqual(Array.from(r.uniform([10]).data), Array.from(r.uniform([10]).data), 'successive draws differ');
});

it('uniform and normal have the right moments', () => {
  const u = new Rng(1).uniform([200000], -1, 3).data, z = new Rng(2).normal([200000], 1, 2).data;
  const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const sd = (a: Float32Array) => { const m = mean(a); return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length); };
  assert.ok(Math.abs(mean(u) - 1) < 0.01 && Math.abs(sd(u) - 4 / Math.sqrt(12)) < 0.01);
  assert.ok(u.every((v) => v >= -1 && v < 3));
  assert.ok(Math.abs(mean(z) - 1) < 0.02 && Math.abs(sd(z) - 2) < 0.02);
});

it('permutations are permutations and forks are independent', () => {
  const p = new Rng(3).permutation(1000);
  assert.deepEqual(Array.from(p).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  const r = new Rng(3);
  assert.notDeepEqual(Array.from(r.fork().uniform([5]).data), Array.from(r.fork().uniform([5]).data));
  assert.throws(() => new Rng(1.5), /seed must be an integer, got 1.5/);
});
