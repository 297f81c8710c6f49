/** One suite run against every layer type: shapes, gradients, determinism, train/eval. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tidy, backward, sum, mul, gradcheck, noGrad } from '../../src/core/index.js';
import { Dense, Conv2d, MaxPool2d, AvgPool2d, Flatten, Activation, Dropout, BatchNorm, GlobalAvgPool2d, LAYER_KINDS, type Module, buildLayer, traitsOf } from '../../src/nn/index.js';
import type { LayerSpec } from '../../src/nn/spec.js';
import { Rng } from '../../src/core/random.js';
import { randomArray } from '../helpers.js';

interface LayerCase { name: string; make: (seed: number) => Module; input: number[]; output: number[]; stochastic?: boolean }

const cases: LayerCase[] = [
  { name: 'Dense relu', make: (s) => new Dense(5, 4, { activation: 'relu', seed: s }), input: [3, 5], output: [3, 4] },
  { name: 'Dense gelu no bias', make: (s) => new Dense(5, 2, { activation: 'gelu', bias: false, seed: s }), input: [3, 5], output: [3, 2] },
  { name: 'Conv2d', make: (s) => new Conv2d(2, 3, 3, { padding: 1, stride: 2, seed: s }), input: [2, 2, 5, 5], output: [2, 3, 3, 3] },
  { name: 'MaxPool2d', make: () => new MaxPool2d(2), input: [2, 3, 4, 6], output: [2, 3, 2, 3] },
  { name: 'AvgPool2d', make: () => new AvgPool2d(3, 1, 1), input: [1, 2, 4, 4], output: [1, 2, 4, 4] },
  { name: 'Flatten', make: () => new Flatten(), input: [2, 3, 2, 2], output: [2, 12] },
  { name: 'Activation tanh', make: () => new Activation('tanh'), input: [4, 3], output: [4, 3] },
  { name: 'BatchNorm 1d', make: () => new BatchNorm(3), input: [6, 3], output: [6, 3] },
  { name: 'BatchNorm 2d', make: () => new BatchNorm(2), input: [3, 2, 2, 2], output: [3, 2, 2, 2] },
  { name: 'Dropout', make: (s) => new Dropout(0.5, s), input: [8, 16], output: [8, 16], stochastic: true },
  { name: 'GlobalAvgPool2d', make: () => new GlobalAvgPool2d(), input: [2, 3, 4, 4], output: [2, 3] },
];

const input = (shape: number[], seed = 9) => new Tensor(randomArray(shape.reduce((a, b) => a * b, 1), seed), shape);

for (const c of cases) {
  describe(`layer conformance: ${c.name}`, () => {
    it('maps the input shape to the documented output shape, with finite values', () => {
      const y = tidy(() => c.make(1).forward(input(c.input)).keep());
      assert.deepEqual(y.shape, c.output);
      assert.ok(y.data.every(Number.isFinite));
    });

    it('is deterministic for a given seed', () => {
      const a = noGrad(() => Array.from(c.make(7).forward(input(c.input)).data));
      const b = noGrad(() => Array.from(c.make(7).forward(input(c.input)).data));
      assert.deepEqual(a, b);
    });

    it('gives the input and every trainable parameter a gradient of its own shape', () => {
      const layer = c.make(2);
      const x = input(c.input);
      x.requiresGrad = true;
      tidy(() => backward(sum(mul(layer.forward(x), input(c.output, 4)))));
      assert.deepEqual(x.grad?.shape, c.input);
      for (const p of layer.trainableParameters()) {
        assert.ok(p.grad, `${p.name} has no gradient`);
        assert.deepEqual(p.grad.shape, p.shape);
      }
    });

    if (!c.stochastic) {
      it('input gradient matches finite differences', () => {
        const layer = c.make(3);
        const probe = input(c.output, 5);
        const r = gradcheck((x) => mul(layer.forward(x), probe), [input(c.input, 11)], 1e-3);
        assert.ok(r.maxError < 2e-2, `${c.name}: ${r.worst}`);
      });
    } else {
      it('scales survivors in training and is the identity in eval', () => {
        const layer = c.make(3);
        const x = Tensor.full(c.input, 1);
        const y = noGrad(() => layer.forward(x));
        assert.ok(y.data.every((v) => v === 0 || v === 2));
        const kept = y.data.filter((v) => v !== 0).length / y.size;
        assert.ok(kept > 0.3 && kept < 0.7, `kept fraction ${kept}`);
        layer.eval();
        assert.deepEqual(Array.from(noGrad(() => layer.forward(x)).data), Array.from(x.data));
      });
    }
  });
}

it('every registered layer kind has a conformance case', () => {
  const covered = new Set(cases.map((c) => traitsOf(c.make(1), 'conformance').toSpec().type));
  assert.deepEqual(LAYER_KINDS.map((k) => k.type).filter((t) => !covered.has(t)), []);
});

for (const c of cases) {
  describe(`layer traits: ${c.name}`, () => {
    it('its spec builds the same layer again; its copy computes the same; it says what inference computes', () => {
      const layer = traitsOf(c.make(4), 'conformance').eval();
      const x = input(c.input, 12);
      const y = noGrad(() => Array.from(layer.forward(x).data));
      const rebuilt = traitsOf(buildLayer(layer.toSpec() as LayerSpec, new Rng(0)), 'conformance');
      assert.deepEqual(rebuilt.toSpec(), layer.toSpec());
      assert.deepEqual(noGrad(() => Array.from(traitsOf(layer.copy(), 'conformance').eval().forward(x).data)), y);
      assert.ok(Array.isArray(layer.inference(c.input.slice(1))));
      const flow = layer.unitFlow;
      assert.ok(['affine', 'passes', 'flattens'].includes(flow.kind));
      if (flow.kind === 'passes' && flow.perFeature) assert.equal(typeof layer.selectFeatures, 'function', 'a per-feature layer selects its features');
    });
  });
}
