/** Finite-difference gradient checks for every differentiable op, plus autograd semantics. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Tensor, tidy, gradcheck, backward, noGrad, setAnomalyMode, add, sub, mul, div, maximum, minimum, unary, matmul,
  linear, conv2d, maxPool2d, avgPool2d, sum, mean, variance, max, softmaxCrossEntropy, mse, softmax, reshape,
  indexSelect, concat, UNARY_OPS, type UnaryOp, log, liveScopedTensors, weightedSum, mixByWeights,
} from '../../src/index.js';
import { BatchNorm } from '../../src/nn/batchnorm.js';
import { randomArray } from '../helpers.js';

let seed = 1;
/** A fresh tensor with values in [offset − scale, offset + scale). */
function t(shape: number[], scale = 1, offset = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(randomArray(n, seed++, scale).map((v) => v + offset), shape);
}
/** Values bounded away from zero (for kinks at 0). */
function awayFromZero(shape: number[]): Tensor {
  const x = t(shape);
  x.data.forEach((v, i) => { x.data[i] = v + (v >= 0 ? 0.2 : -0.2); });
  return x;
}

/** Moves b's values so that no pair (a, b) is within 0.01: finite differences must not cross a kink. */
function separated(a: Tensor, b: Tensor): [Tensor, Tensor] {
  for (let j = 0; j < b.size; j++) {
    while (a.data.some((v) => Math.abs(v - b.data[j]) < 0.01)) b.data[j] += 0.013;
  }
  return [a, b];
}

function check(name: string, f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], eps = 1e-2, tol = 1e-2): void {
  const r = gradcheck(f, inputs, eps);
  assert.ok(r.maxError < tol, `${name}: gradient mismatch ${r.maxError.toExponential(2)} (${r.worst})`);
}

describe('gradients match finite differences', () => {
  it('broadcasting binary ops', () => {
    for (const [sa, sb] of [[[3, 4], [4]], [[2, 1, 3], [4, 1]], [[3], [3]], [[2, 3], []]] as [number[], number[]][]) {
      check(`add ${sa} ${sb}`, add, [t(sa), t(sb)]);
      check(`sub ${sa} ${sb}`, sub, [t(sa), t(sb)]);
      check(`mul ${sa} ${sb}`, mul, [t(sa), t(sb)]);
      check(`div ${sa} ${sb}`, div, [t(sa), t(sb, 0.5, 2)]);
      const [a, b] = separated(t(sa), t(sb));
      check(`maximum ${sa} ${sb}`, maximum, [a, b], 1e-3);
      check(`minimum ${sa} ${sb}`, minimum, [a, b], 1e-3);
    }
  });

  it('every unary function', () => {
    for (const op of UNARY_OPS) {
      if (op === 'step') continue; // derivative is zero almost everywhere; checked below
      const positive = op === 'log' || op === 'sqrt' || op === 'reciprocal';
      const x = positive ? t([3, 5], 0.4, 1) : awayFromZero([3, 5]);
      check(op, (a) => unary(op as UnaryOp, a, 0.1), [x], 1e-3);
    }
    const x = awayFromZero([6]);
    x.requiresGrad = true;
    tidy(() => backward(sum(unary('step', x))));
    assert.deepEqual(Array.from(x.grad!.data), [0, 0, 0, 0, 0, 0]);
  });

  it('matmul with every transpose combination', () => {
    for (const ta of [false, true]) for (const tb of [false, true]) {
      const a = t(ta ? [4, 3] : [3, 4]), b = t(tb ? [5, 4] : [4, 5]);
      check(`matmul ${ta} ${tb}`, (x, y) => matmul(x, y, ta, tb), [a, b]);
    }
  });

  it('linear with fused and unfused activations, with and without bias', () => {
    for (const act of ['identity', 'relu', 'tanh', 'sigmoid', 'leakyRelu', 'gelu', 'sin'] as UnaryOp[]) {
      const x = t([4, 3]), w = t([5, 3]), b = t([5]);
      // Keep pre-activations away from relu's kink so finite differences stay on one side of it.
      for (let j = 0; j < 5; j++) {
        const z = () => [0, 1, 2, 3].map((i) => b.data[j] + [0, 1, 2].reduce((s, k) => s + x.data[i * 3 + k] * w.data[j * 3 + k], 0));
        while (z().some((v) => Math.abs(v) < 0.02)) b.data[j] += 0.017;
      }
      check(`linear ${act}`, (xi, wi, bi) => linear(xi, wi, bi, act, 0.1), [x, w, b], 1e-3);
    }
    check('linear no bias', (x, w) => linear(x, w, null, 'tanh'), [t([4, 3]), t([5, 3])]);
  });

  it('conv2d (stride, padding, bias) and pooling', () => {
    check('conv2d s1 p1', (x, w, b) => conv2d(x, w, b, { padding: 1 }), [t([2, 2, 5, 5]), t([3, 2, 3, 3]), t([3])]);
    check('conv2d s2 p0', (x, w, b) => conv2d(x, w, b, { stride: 2 }), [t([1, 3, 7, 6]), t([2, 3, 3, 3]), t([2])]);
    check('conv2d 1x1', (x, w) => conv2d(x, w, null), [t([2, 3, 4, 4]), t([2, 3, 1, 1])]);
    check('maxPool2d', (x) => maxPool2d(x, { kernelSize: 2 }), [t([2, 2, 6, 6])], 1e-4);
    check('maxPool2d overlap pad', (x) => maxPool2d(x, { kernelSize: 3, stride: 1, padding: 1 }), [t([1, 2, 5, 5])], 1e-4);
    check('avgPool2d', (x) => avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }), [t([2, 2, 7, 7])]);
  });

  it('reductions along axes', () => {
    check('sum all', (x) => sum(x), [t([3, 4])]);
    check('sum axis 1 keep', (x) => sum(x, 1, true), [t([3, 4])]);
    check('mean axes 0,2', (x) => mean(x, [0, 2]), [t([2, 3, 4])]);
    check('variance axis 0', (x) => variance(x, 0), [t([5, 3])]);
    check('variance unbiased axes 0,2,3', (x) => variance(x, [0, 2, 3], true, 1), [t([2, 3, 2, 2])]);
    check('max axis 1', (x) => max(x, 1), [t([4, 6])], 1e-4);
  });

  it('losses, softmax, reshape, index select', () => {
    const labels = Int32Array.of(0, 2, 1, 2);
    check('softmaxCrossEntropy', (x) => softmaxCrossEntropy(x, labels), [t([4, 3], 2)]);
    const target = t([4, 3]);
    check('mse', (x) => mse(x, target), [t([4, 3])]);
    check('softmax', softmax, [t([3, 4], 2)]);
    const probe = t([2, 6]);
    check('reshape', (x) => mul(reshape(x, [2, 6]), probe), [t([3, 4])]);
    check('indexSelect (repeated indices)', (x) => indexSelect(x, 1, [2, 0, 2]), [t([2, 3, 2])]);
    check('concat axis 1', (a, b, c) => concat([a, b, c], 1), [t([2, 3]), t([2, 1]), t([2, 2])]);
    check('concat axis 0', (a, b) => concat([a, b], 0), [t([1, 3, 2]), t([2, 3, 2])]);
  });

  it('batch normalisation (1d and 2d, training mode)', () => {
    for (const shape of [[6, 3], [2, 3, 2, 2]]) {
      const bn = new BatchNorm(3);
      bn.gamma.data.set([1.5, 0.5, -1]);
      bn.beta.data.set([0.1, -0.2, 0.3]);
      const w = t(shape), x = t(shape);
      check(`batchnorm ${shape} input`, (xi) => mul(bn.forward(xi), w), [x]);
      check(`batchnorm ${shape} gamma, beta`, () => mul(bn.forward(x), w), [bn.gamma, bn.beta]);
      bn.train(false);
      check(`batchnorm ${shape} input, evaluation mode`, (xi) => mul(bn.forward(xi), w), [t(shape)]);
      check(`batchnorm ${shape} gamma, beta, evaluation mode`, () => mul(bn.forward(x), w), [bn.gamma, bn.beta]);
    }
  });

  it('weighted sums, including one tensor several times', () => {
    check('weightedSum', (a, b, c) => weightedSum([a, b, c], [0.2, 1, -1.5]), [t([2, 3]), t([2, 3]), t([2, 3])]);
    check('weightedSum repeated input', (a, b) => weightedSum([a, mul(a, b), a], [0.5, 2, 1]), [t([4]), t([4])]);
    // Weights of 1 hand the output's gradient itself to every input: summing it for the repeated input must not
    // release it while the third input still needs it (this freed a buffer in use, and crashed, before).
    check('weightedSum repeated input, unit weights', (a, b, c) => mul(weightedSum([a, a, mul(b, b)], [1, 1, 1]), c), [t([64]), t([64]), t([64])]);
  });

  it('mixes weighted by entries of a weight tensor: gradients to the inputs and to the weights', () => {
    check('mixByWeights', (a, b, c, w) => mixByWeights([a, b, c], w, [3, 0, 4]), [t([2, 3]), t([2, 3]), t([2, 3]), t([2, 3])]);
    check('mixByWeights of softmax weights, scaled', (a, b, w) => mixByWeights([a, b], softmax(w), [1, 2], { scale: 0.5 }), [t([2, 3]), t([2, 3]), t([1, 3])]);
    check('mixByWeights repeated input', (a, w) => mixByWeights([a, mul(a, a)], w, [0, 1]), [t([5]), t([2])]);
  });

  it('a straight-through mix uses the given forward values and sends ⟨g, x⟩ to the weights', () => {
    const x = t([4]), w = t([2]);
    w.requiresGrad = true;
    const y = mixByWeights([x], w, [1], { values: [1] });
    assert.deepEqual(Array.from(y.data), Array.from(x.data));
    backward(sum(y));
    const expected = Array.from(x.data).reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(w.grad!.data[1] - expected) < 1e-5 && w.grad!.data[0] === 0, `gradient ${Array.from(w.grad!.data)} vs [0, ${expected}]`);
  });

  it('a gradient shared by several inputs and views survives the early release of gradients', () => {
    // add(x, x) hands one gradient to both inputs; reshape hands a view; relu reads x a third time.
    check('shared gradients', (x, y) => {
      const s = add(x, x), v = reshape(mul(s, y), [3, 2]);
      return weightedSum([reshape(v, [2, 3]), unary('relu', x), mul(x, x)], [1, 0.3, 1]);
    }, [awayFromZero([2, 3]), t([2, 3])]);
  });
});

describe('autograd semantics', () => {
  it('noGrad records nothing', () => {
    const x = t([3]);
    x.requiresGrad = true;
    const y = noGrad(() => mul(x, x));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.node, null);
  });

  it('gradients accumulate across backward calls', () => {
    const x = new Tensor(Float32Array.of(1, 2, 3), [3], true);
    backward(sum(mul(x, x)));
    backward(sum(mul(x, 3)));
    assert.deepEqual(Array.from(x.grad!.data), [5, 7, 9]);
  });

  it('anomaly mode names the first op that produced NaN', () => {
    setAnomalyMode(true);
    try {
      assert.throws(() => log(Tensor.from([1, -1])), /op "log" produced NaN/);
    } finally {
      setAnomalyMode(false);
    }
  });

  it('shape errors name the op and both shapes', () => {
    assert.throws(() => add(t([2, 3]), t([4])), /add: cannot broadcast shapes \[2, 3\] and \[4\]/);
    assert.throws(() => matmul(t([2, 3]), t([4, 5])), /matmul: inner dimensions differ: a \[2, 3\] has 3, b \[4, 5\] has 4/);
    assert.throws(() => linear(t([2, 3]), t([4, 5]), null), /linear: input \[2, 3\] does not match weight \[4, 5\]/);
    assert.throws(() => conv2d(t([1, 2, 5, 5]), t([3, 4, 3, 3]), null), /conv2d: input \[1, 2, 5, 5\] does not match weight \[3, 4, 3, 3\]/);
  });

  it('tidy recycles what it does not return, and a disposed tensor says so', () => {
    const a = t([4]);
    let inner: Tensor | undefined;
    const before = liveScopedTensors();
    const kept = tidy(() => {
      inner = mul(a, 2);
      return add(inner, 1);
    });
    assert.equal(liveScopedTensors(), before);
    assert.equal(inner!.disposed, true);
    assert.equal(kept.disposed, false);
    assert.throws(() => add(inner!, 1), /disposed when its tidy\(\) scope ended/);
  });
});
