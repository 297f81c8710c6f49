/** Forward values and gradients against PyTorch (fixture: scripts/fixtures/torch_reference.py). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Tensor, backward, conv2d, maxPool2d, avgPool2d, unary, softmaxCrossEntropy, variance, mul, sum, type UnaryOp,
} from '../../src/index.js';
import { BatchNorm } from '../../src/nn/batchnorm.js';
import { assertClose, fixture } from '../helpers.js';

interface Fixture {
  ops: {
    conv2d: { x: number[]; xShape: number[]; w: number[]; wShape: number[]; b: number[]; stride: number; padding: number;
      y: number[]; yShape: number[]; probe: number[]; gx: number[]; gw: number[]; gb: number[] };
    pool: { x: number[]; xShape: number[]; kernel: number; stride: number; padding: number; max: number[]; avg: number[]; outShape: number[] };
    activations: Record<string, number[]>;
    crossEntropy: { logits: number[]; labels: number[]; loss: number; grad: number[] };
    variance: { x: number[]; shape: number[]; axes: number[]; unbiased: number[] };
    batchNorm: { x: number[]; shape: number[]; gamma: number[]; beta: number[]; y: number[]; probe: number[]; gx: number[];
      gGamma: number[]; gBeta: number[]; runningMean: number[]; runningVar: number[]; xEval: number[]; yEval: number[]; gxEval: number[] };
  };
}

const f = fixture<Fixture>('torch-reference.json').ops;
const TOL = 1e-5;

describe('ops agree with PyTorch (rtol 1e-5, atol 1e-5)', () => {
  it('BatchNorm2d: training forward and gradients, running statistics, evaluation forward and gradient', () => {
    const c = f.batchNorm;
    const bn = new BatchNorm(c.shape[1]);
    bn.gamma.data.set(c.gamma);
    bn.beta.data.set(c.beta);
    const probe = new Tensor(Float32Array.from(c.probe), c.shape);
    const x = new Tensor(Float32Array.from(c.x), c.shape, true);
    const y = bn.forward(x);
    assertClose(y.data, c.y, 1e-4, 1e-5, 'batchnorm y');
    backward(sum(mul(y, probe)));
    assertClose(x.grad!.data, c.gx, 1e-4, 1e-5, 'batchnorm dx');
    assertClose(bn.gamma.grad!.data, c.gGamma, 1e-4, 1e-5, 'batchnorm dgamma');
    assertClose(bn.beta.grad!.data, c.gBeta, 1e-4, 1e-5, 'batchnorm dbeta');
    assertClose(bn.runningMean.data, c.runningMean, 1e-5, 1e-6, 'running mean');
    assertClose(bn.runningVar.data, c.runningVar, 1e-5, 1e-6, 'running variance');
    bn.train(false);
    const xe = new Tensor(Float32Array.from(c.xEval), c.shape, true);
    const ye = bn.forward(xe);
    assertClose(ye.data, c.yEval, 1e-4, 1e-5, 'batchnorm eval y');
    backward(sum(mul(ye, probe)));
    assertClose(xe.grad!.data, c.gxEval, 1e-4, 1e-5, 'batchnorm eval dx');
  });

  it('conv2d forward and gradients (stride 2, padding 1)', () => {
    const c = f.conv2d;
    const x = new Tensor(Float32Array.from(c.x), c.xShape, true);
    const w = new Tensor(Float32Array.from(c.w), c.wShape, true);
    const b = new Tensor(Float32Array.from(c.b), [c.b.length], true);
    const y = conv2d(x, w, b, { stride: c.stride, padding: c.padding });
    assert.deepEqual(y.shape, c.yShape);
    assertClose(y.data, c.y, TOL, TOL, 'conv2d y');
    backward(sum(mul(y, new Tensor(Float32Array.from(c.probe), c.yShape))));
    assertClose(x.grad!.data, c.gx, TOL, TOL, 'conv2d dx');
    assertClose(w.grad!.data, c.gw, TOL, TOL, 'conv2d dw');
    assertClose(b.grad!.data, c.gb, TOL, TOL, 'conv2d db');
  });

  it('max and average pooling (kernel 3, stride 2, padding 1)', () => {
    const p = f.pool;
    const x = new Tensor(Float32Array.from(p.x), p.xShape);
    const opts = { kernelSize: p.kernel, stride: p.stride, padding: p.padding };
    assertClose(maxPool2d(x, opts).data, p.max, TOL, TOL, 'maxPool2d');
    assertClose(avgPool2d(x, opts).data, p.avg, TOL, TOL, 'avgPool2d');
  });

  it('activations', () => {
    const x = Tensor.from(f.activations.x);
    const ops: [UnaryOp, string, number][] = [['gelu', 'gelu', 0], ['softplus', 'softplus', 0], ['sigmoid', 'sigmoid', 0],
      ['tanh', 'tanh', 0], ['leakyRelu', 'leakyRelu0.1', 0.1]];
    for (const [op, key, alpha] of ops) assertClose(unary(op, x, alpha).data, f.activations[key], TOL, TOL, op);
  });

  it('softmax cross-entropy loss and gradient', () => {
    const c = f.crossEntropy;
    const logits = new Tensor(Float32Array.from(c.logits), [c.labels.length, c.logits.length / c.labels.length], true);
    const loss = softmaxCrossEntropy(logits, Int32Array.from(c.labels));
    assertClose([loss.item()], [c.loss], TOL, TOL, 'loss');
    backward(loss);
    assertClose(logits.grad!.data, c.grad, TOL, TOL, 'grad');
  });

  it('unbiased variance over several axes', () => {
    const v = f.variance;
    assertClose(variance(new Tensor(Float32Array.from(v.x), v.shape), v.axes, false, 1).data, v.unbiased, TOL, TOL, 'var');
  });
});
