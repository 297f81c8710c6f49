/**
 * Every zero-cost proxy: a finite score for an MLP and an NB201 cell at initialisation, the same score twice, the
 * weights left as they were. Gradient-based proxies agree with finite differences; the linear algebra with closed forms.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, noGrad, tidy } from '../../src/core/index.js';
import { buildModel, type ModelSpec } from '../../src/nn/spec.js';
import type { Module } from '../../src/nn/module.js';
import { PROXIES, type ProxyBatch, batchLoss, logAbsDet, symmetricEigenvalues } from '../../src/proxies/index.js';
import { trainableSpace } from '../../src/search/spaces/index.js';

const mlpSpec: ModelSpec = { format: 'topiary-sequential', version: 1, inputShape: [5], layers: [
  { type: 'dense', in: 5, out: 64, activation: 'relu', bias: true }, { type: 'dense', in: 64, out: 3, activation: 'identity', bias: true }] };
const mlp = () => buildModel(mlpSpec, 3);
const batchOf = (shape: number[], n: number, classes: number, seed: number): ProxyBatch => {
  const rng = new Rng(seed);
  return { x: rng.normal([n, ...shape]).keep(), labels: Int32Array.from({ length: n }, (_, i) => i % classes) };
};
const cell = () => trainableSpace('nb201').build(trainableSpace('nb201').search.sample(new Rng(4)), [3, 8, 8], 10, 5) as Module;

for (const [name, proxy] of Object.entries(PROXIES)) {
  describe(`proxy ${name}`, () => {
    for (const [what, make, batch] of [['an MLP', mlp, batchOf([5], 16, 3, 1)], ['an NB201 cell', cell, batchOf([3, 8, 8], 8, 10, 2)]] as const) {
      it(`scores ${what} at initialisation: finite, repeatable, weights unchanged`, () => {
        const model = make();
        const before = model.parameters().map((p) => p.data.slice());
        const a = proxy.score(model, batch), b = proxy.score(model, batch);
        assert.ok(Number.isFinite(a), `${name} gave ${a}`);
        assert.equal(a, b);
        model.parameters().forEach((p, i) => assert.deepEqual(p.data, before[i]));
      });
    }
  });
}

/** Central differences of the batch loss for every parameter of `model`. */
function numericGradients(model: Module, loss: () => number, eps = 1e-3): Float64Array[] {
  return model.parameters().map((p) => Float64Array.from(p.data, (_, i) => {
    const v = p.data[i];
    p.data[i] = v + eps; const up = loss();
    p.data[i] = v - eps; const down = loss();
    p.data[i] = v;
    return (up - down) / (2 * eps);
  }));
}

it('snip and grad-norm match the same sums over finite-difference gradients', () => {
  const model = mlp(), batch = batchOf([5], 16, 3, 7);
  const loss = () => noGrad(() => tidy(() => batchLoss(model, batch).item()));
  const g = numericGradients(model, loss);
  const params = model.parameters();
  const snip = g.reduce((acc, gp, k) => acc + gp.reduce((s, v, i) => s + Math.abs(v * params[k].data[i]), 0), 0);
  const norm = Math.sqrt(g.reduce((acc, gp) => acc + gp.reduce((s, v) => s + v * v, 0), 0));
  assert.ok(Math.abs(PROXIES.snip.score(model, batch) - snip) / snip < 2e-3);
  assert.ok(Math.abs(PROXIES['grad-norm'].score(model, batch) - norm) / norm < 2e-3);
});

it('synflow is log Σ |θ|·∂R/∂|θ| with R the summed output on an all-ones input, by finite differences', () => {
  const model = mlp();
  const abs = mlp();
  for (const p of abs.parameters()) for (let i = 0; i < p.data.length; i++) p.data[i] = Math.abs(p.data[i]);
  const ones = new Rng(0).normal([1, 5]).keep();
  ones.data.fill(1);
  const r = () => noGrad(() => tidy(() => Array.from(abs.forward(ones).data).reduce((a, b) => a + b, 0)));
  const g = numericGradients(abs, r);
  const want = Math.log(g.reduce((acc, gp, k) => acc + gp.reduce((s, v, i) => s + v * abs.parameters()[k].data[i], 0), 0));
  assert.ok(Math.abs(PROXIES.synflow.score(model, batchOf([5], 4, 3, 1)) - want) < 2e-3);
});

it('naswot: identical inputs make the kernel singular (-Infinity, the worst score); no ReLU is an error naming the fix', () => {
  const b = batchOf([5], 4, 2, 3);
  b.x.data.copyWithin(5, 0, 5);
  assert.equal(PROXIES.naswot.score(mlp(), b), -Infinity);
  const linear = buildModel({ ...mlpSpec, layers: mlpSpec.layers.map((l) => ({ ...l, activation: 'identity' as const })) }, 0);
  assert.throws(() => PROXIES.naswot.score(linear, batchOf([5], 4, 2, 3)), /naswot: the network has no ReLU.*use another proxy/);
});

it('log|det| and symmetric eigenvalues agree with closed forms', () => {
  assert.ok(Math.abs(logAbsDet(Float64Array.from([2, 1, 1, 3]), 2) - Math.log(5)) < 1e-12);
  assert.ok(Math.abs(logAbsDet(Float64Array.from([0, 2, 0, 3, 0, 0, 0, 0, -4]), 3) - Math.log(24)) < 1e-12);
  assert.equal(logAbsDet(Float64Array.from([1, 2, 2, 4]), 2), -Infinity);
  const eig = symmetricEigenvalues(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3).sort((a, b) => a - b);
  [1, 3, 5].forEach((v, i) => assert.ok(Math.abs(eig[i] - v) < 1e-10, `${eig}`));
});
