/** Function-preserving morphisms: outputs unchanged after each, optimizer state kept, refusals named. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, backward, noGrad, softmaxCrossEntropy, tidy, type Tensor } from '../../src/core/index.js';
import { Activation, BatchNorm, Conv2d, Dense, Flatten, MaxPool2d, AvgPool2d, Sequential, buildModel, specOf } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { Switch } from '../../src/shrink/index.js';
import { type MorphStep, applyMorphism, morphRefusal, traceShapes } from '../../src/grow/index.js';

const out = (m: Sequential, x: Tensor) => noGrad(() => tidy(() => Float32Array.from(m.forward(x).data)));

/** Largest |a − b| over the largest |b|: the relative output difference of the bar. */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) { diff = Math.max(diff, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
  return diff / scale;
}

function mlp(seed: number): Sequential {
  return new Sequential([new Dense(7, 9, { activation: 'relu', seed }), new BatchNorm(9), new Switch(9, { init: 0.8 }),
    new Dense(9, 6, { activation: 'tanh', seed: seed + 1 }), new Dense(6, 5, { activation: 'identity', seed: seed + 2 }), new Activation('relu'),
    new Dense(5, 3, { seed: seed + 3 })]);
}

function cnn(seed: number): Sequential {
  return new Sequential([new Conv2d(2, 4, 3, { padding: 1, seed }), new BatchNorm(4), new Activation('relu'), new Switch(4, { init: 1.3 }), new MaxPool2d(2),
    new Conv2d(4, 5, 3, { padding: 1, seed: seed + 1 }), new Activation('relu'), new AvgPool2d(2),
    new Flatten(), new Dense(5 * 2 * 2, 6, { activation: 'relu', seed: seed + 2 }), new Dense(6, 3, { seed: seed + 3 })]);
}

/** Random switch factors and BatchNorm statistics, so the check is not on a network at its initial values. */
function perturb(m: Sequential, seed: number): void {
  const rng = new Rng(seed);
  for (const l of m.layers) {
    if (l instanceof Switch) l.beta.data.forEach((_, i) => { l.beta.data[i] = 0.5 + rng.next(); });
    if (l instanceof BatchNorm) for (const p of l.ownParameters()) p.data.forEach((_, i) => { p.data[i] = p.name === 'runningVar' || p.name === 'gamma' ? 0.5 + rng.next() : rng.next() - 0.5; });
  }
}

const CASES: { name: string; make: (s: number) => Sequential; inputShape: number[]; steps: MorphStep[] }[] = [
  { name: 'MLP (BatchNorm, switch, tanh, separate ReLU)', make: mlp, inputShape: [7], steps: [
    { op: 'widen', group: 0, width: 16 }, { op: 'widen', group: 0, width: 20, mode: 'zero' }, { op: 'widen', group: 1, width: 8, noise: 0.2 },
    { op: 'widen', group: 2, width: 11 }, { op: 'deepen', group: 0 }, { op: 'deepen', group: 1, activation: 'identity' },
    { op: 'deepen', group: 2 }, { op: 'deepen', group: 0, batchNorm: true }] },
  { name: 'CNN (BatchNorm, padding, switch, max and average pooling, flatten)', make: cnn, inputShape: [2, 8, 8], steps: [
    { op: 'widen', group: 0, width: 7, noise: 0.1 }, { op: 'widen', group: 0, width: 9, mode: 'zero' }, { op: 'widen', group: 1, width: 9 },
    { op: 'widen', group: 1, width: 12, mode: 'zero' }, { op: 'widen', group: 2, width: 10 }, { op: 'widen-kernel', group: 0, kernel: 5 },
    { op: 'widen-kernel', group: 1, kernel: 7 }, { op: 'deepen', group: 0 }, { op: 'deepen', group: 1, kernel: 5 }, { op: 'deepen', group: 1, batchNorm: true },
    { op: 'deepen', group: 2 }] },
];

describe('morphisms preserve the function', () => {
  for (const c of CASES) {
    for (const mode of ['eval', 'train'] as const) {
      it(`${c.name}, ${mode} mode: every step, alone, keeps the outputs within 1e-5`, () => {
        const x = new Rng(3).normal([6, ...c.inputShape]).keep();
        c.steps.forEach((step, k) => {
          const model = c.make(10 + k);
          perturb(model, k);
          model.train(mode === 'train');
          const before = out(model, x);
          // The calibration batch is the one compared, so a deepened BatchNorm passes it through in training mode too.
          applyMorphism(model, step, { rng: new Rng(k), inputShape: c.inputShape, calibration: x });
          model.train(mode === 'train');
          const after = out(model, x);
          const d = relativeDifference(after, before);
          assert.ok(d <= 1e-5, `${JSON.stringify(step)}: relative output difference ${d}`);
        });
        x.dispose();
      });
    }
    it(`${c.name}: all steps in a row keep the outputs (eval mode), and the result has a spec that rebuilds it`, () => {
      const x = new Rng(4).normal([5, ...c.inputShape]).keep();
      const model = c.make(1).eval();
      perturb(model, 9);
      const before = out(model, x);
      for (const [k, step] of c.steps.entries()) applyMorphism(model, step, { rng: new Rng(k), inputShape: c.inputShape, calibration: x });
      const after = out(model, x);
      assert.ok(relativeDifference(after, before) <= 1e-5, `relative difference ${relativeDifference(after, before)}`);
      // Switches have no spec form; the rest of the stack's spec rebuilds a model of the same size.
      const plain = new Sequential(model.layers.filter((l) => !(l instanceof Switch)));
      const rebuilt = buildModel(specOf(plain, c.inputShape), 0);
      assert.equal(rebuilt.parameterCount(), plain.parameterCount());
      x.dispose();
    });
  }
});

describe('optimizer state through a widen', () => {
  const labels = Int32Array.from({ length: 12 }, (_, i) => i % 3);
  /** Two Adam steps, a widen (or not), one more step: returns the model and each parameter's values before the last step. */
  function run(step: MorphStep | null) {
    const model = new Sequential([new Dense(5, 6, { activation: 'relu', seed: 1 }), new Dense(6, 4, { activation: 'relu', seed: 2 }), new Dense(4, 3, { seed: 3 })]);
    const x = new Rng(7).normal([12, 5]).keep();
    const opt = new Adam(model.trainableParameters(), { lr: 1e-2 });
    const adamStep = () => tidy(() => { opt.zeroGrad(); backward(softmaxCrossEntropy(model.forward(x), labels)); opt.step(); });
    adamStep(); adamStep();
    if (step) opt.addParameters(applyMorphism(model, step, { rng: new Rng(5), inputShape: [5] }).added);
    const before = model.trainableParameters().map((p) => Float32Array.from(p.data));
    adamStep();
    x.dispose();
    return { model, before, after: model.trainableParameters().map((p) => Float32Array.from(p.data)) };
  }
  const change = (r: ReturnType<typeof run>, p: number, i: number) => r.after[p][i] - r.before[p][i];

  it('zero widen: the next Adam step changes every old weight exactly as without the widen; new units start with zero moments', () => {
    const plain = run(null), wide = run({ op: 'widen', group: 0, width: 10, mode: 'zero' });
    const W1 = wide.model.layers[0] as Dense, W2 = wide.model.layers[1] as Dense;
    assert.deepEqual(W1.weight.shape, [10, 5]);
    for (let u = 6; u < 10; u++) for (let i = 0; i < 5; i++) assert.equal(W1.weight.slot('adam.v')[u * 5 + i], 0);
    // Old units of layer 0: rows 0-5; of layer 1: columns 0-5 of every row; the rest of the network as it was.
    for (let u = 0; u < 6; u++) for (let i = 0; i < 5; i++) assert.equal(change(wide, 0, u * 5 + i), change(plain, 0, u * 5 + i));
    for (let o = 0; o < 4; o++) for (let u = 0; u < 6; u++) assert.equal(change(wide, 2, o * 10 + u), change(plain, 2, o * 6 + u));
    for (const p of [1, 3, 4, 5]) for (let i = 0; i < plain.after[p].length; i++) assert.equal(change(wide, p, i), change(plain, p, i));
    assert.ok(W2.weight.data.some((v, i) => i % 10 >= 6 && v !== 0), 'the new units\' outgoing weights move off zero');
  });

  it('net2net widen: units that were not copied change exactly as without the widen; copied units\' outgoing weights by the same step', () => {
    const plain = run(null), wide = run({ op: 'widen', group: 0, width: 8 });
    const copied = new Set<number>();
    const W1 = wide.model.layers[0] as Dense;
    for (let j = 6; j < 8; j++) {
      const row = Array.from(wide.before[0].subarray(j * 5, j * 5 + 5));
      copied.add([0, 1, 2, 3, 4, 5].find((u) => Array.from(wide.before[0].subarray(u * 5, u * 5 + 5)).every((v, i) => Math.abs(v - row[i]) < 1e-3))!);
    }
    assert.equal(copied.size, 2);
    assert.deepEqual(W1.weight.shape, [8, 5]);
    for (let u = 0; u < 6; u++) {
      if (copied.has(u)) continue;
      // The forward pass sums a copied unit's shared-out parts, so the loss agrees to rounding, not bit for bit.
      for (let i = 0; i < 5; i++) assert.ok(Math.abs(change(wide, 0, u * 5 + i) - change(plain, 0, u * 5 + i)) <= 1e-6 * Math.abs(change(plain, 0, u * 5 + i)) + 1e-9);
    }
    // Outgoing weights: the gradient of a shared-out weight equals the original's, so with its moments it moves alike.
    for (let o = 0; o < 4; o++) for (let u = 0; u < 6; u++) assert.ok(Math.abs(change(wide, 2, o * 8 + u) - change(plain, 2, o * 6 + u)) < 1e-7);
  });
});

describe('morphisms that cannot preserve the function are refused with the reason', () => {
  const ctx = { rng: new Rng(0), inputShape: [7] };
  const refusal = (step: MorphStep, m = mlp(0)) => morphRefusal(m, step, ctx) ?? '';
  it('names the problem', () => {
    assert.match(refusal({ op: 'widen', group: 3, width: 9 }), /output layer's units are the network's outputs/);
    assert.match(refusal({ op: 'widen', group: 0, width: 9 }), /above the group's 9 units/);
    assert.match(refusal({ op: 'deepen', group: 1 }), /tanh\(tanh\(x\)\) ≠ tanh\(x\)/);
    assert.match(refusal({ op: 'deepen', group: 1, activation: 'relu' }), /no ReLU/);
    assert.equal(refusal({ op: 'deepen', group: 1, activation: 'identity' }), '');
    assert.match(refusal({ op: 'deepen', group: 0, batchNorm: true }), /calibration batch/);
    assert.match(refusal({ op: 'widen-kernel', group: 0, kernel: 3 }), /only convolution kernels can grow/);
    assert.match(morphRefusal(cnn(0), { op: 'widen-kernel', group: 0, kernel: 4 }, { rng: new Rng(0), inputShape: [2, 8, 8] }) ?? '', /by an even number/);
    assert.throws(() => applyMorphism(mlp(0), { op: 'deepen', group: 1 }, ctx), /cannot deepen after group 1: group 1's activation is tanh/);
    assert.throws(() => applyMorphism(mlp(0), { op: 'shrink' } as unknown as MorphStep, ctx), /morphism "shrink" does not exist; expected one of widen, deepen, widen-kernel/);
  });
  it('a Flatten must have seen an input: traceShapes supplies it', () => {
    const m = cnn(0);
    traceShapes(m, [2, 8, 8]);
    assert.deepEqual((m.layers[8] as Flatten).lastInputShape, [1, 5, 2, 2]);
  });
});
