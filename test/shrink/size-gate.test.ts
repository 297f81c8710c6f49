/** The metric-less size gate: closed-form penalty, no NaN at extremes, tail truncation, random slope. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, Tensor, backward, gradcheck, noGrad, tidy, mse, add, mul } from '../../src/core/index.js';
import { Dense, Sequential } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { SizeGate, keepUnits } from '../../src/shrink/index.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

it('the penalty is the integral of the gate, in closed form, and close to the sum over neurons', () => {
  for (const [n, x0, k] of [[100, 40, 1], [100, 40, 0.2], [50, 80, 2], [50, -10, 0.5]]) {
    const g = new SizeGate(n, { slope: k });
    g.x0.data[0] = x0;
    const closed = g.penalty().item();
    let integral = 0;
    const steps = 100000;
    for (let s = 0; s < steps; s++) integral += sigmoid(k * (x0 - (s + 0.5) * (n / steps))) * (n / steps);
    assert.ok(Math.abs(closed - integral) < 1e-3 * Math.max(1, integral), `closed ${closed} vs integral ${integral}`);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sigmoid(k * (x0 - i));
    assert.ok(Math.abs(closed - sum) < 1, `closed ${closed} vs sum ${sum}`);
  }
});

it('penalty and gate gradients stay finite for extreme x0 and slopes', () => {
  for (const [x0, k] of [[1e6, 50], [-1e6, 50], [1e4, 1e-3], [-3, 1e3]]) {
    const g = new SizeGate(64, { slope: k, learnSlope: true });
    g.x0.data[0] = x0;
    tidy(() => backward(g.penalty()));
    const vals = [g.penalty().item(), g.x0.grad!.item(), g.k.grad!.item()];
    assert.ok(vals.every(Number.isFinite), `x0 ${x0}, k ${k}: ${vals}`);
    g.x0.grad = null; g.k.grad = null;
  }
  const g = new SizeGate(20, { slope: 0.7 });
  g.x0.data[0] = 8.3;
  const r = gradcheck(() => g.penalty(), [g.x0], 1e-2);
  assert.ok(r.maxError < 1e-2, r.worst);
});

it('removing the tail where the gate is ~0 keeps the function, and x0 falls under a size penalty', () => {
  const x = new Rng(1).normal([32, 5]).keep();
  const gate = new SizeGate(40, { slope: 2 });
  gate.x0.data[0] = 12.2;
  const model = new Sequential([new Dense(5, 40, { activation: 'tanh', seed: 1 }), gate, new Dense(40, 1, { seed: 2 })]);
  const before = noGrad(() => Array.from(model.forward(x).data));
  const tail = gate.tailBelow(1e-7);
  assert.ok(tail > 15, `tail ${tail}`);
  keepUnits(model, 1, Array.from({ length: 40 - tail }, (_, i) => i));
  const after = noGrad(() => Array.from(model.forward(x).data));
  after.forEach((v, i) => assert.ok(Math.abs(v - before[i]) < 1e-5, `output ${i}: ${v} vs ${before[i]}`));
  const target = new Tensor(new Float32Array(32), [32, 1]).keep();
  const opt = new Adam(model.trainableParameters(), { lr: 0.05 });
  const start = gate.x0.data[0];
  for (let s = 0; s < 100; s++) tidy(() => { opt.zeroGrad(); backward(add(mse(model.forward(x), target), mul(gate.penalty(), 0.01))); opt.step(); });
  assert.ok(gate.x0.data[0] < start, `x0 ${start} -> ${gate.x0.data[0]}`);
});

it('the random-slope variant draws k within its bounds, reproducibly', () => {
  const draw = () => {
    const g = new SizeGate(10, { randomSlope: { min: 0.5, max: 4, rng: new Rng(3) } });
    return Array.from({ length: 20 }, () => noGrad(() => tidy(() => g.scales().data[9])));
  };
  const a = draw();
  assert.deepEqual(a, draw());
  const g = new SizeGate(10);
  const lo = sigmoid(0.5 * (10 - 9)), hi = sigmoid(4 * (10 - 9));
  assert.ok(a.every((v) => v >= lo - 1e-6 && v <= hi + 1e-6), `${a}`);
  assert.equal(g.features, 10);
});
