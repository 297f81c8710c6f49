/** Optimizers and schedules against PyTorch trajectories (fixture: scripts/fixtures/torch_reference.py). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, backward, add, mul, sum, unary, tidy } from '../../src/core/index.js';
import { Parameter } from '../../src/nn/parameter.js';
import {
  SGD, Adam, AdamW, AdaMax, type Optimizer, stepDecay, cosine, cosineWarmRestarts, triangular,
} from '../../src/optim/index.js';
import { assertClose, fixture } from '../helpers.js';

interface OptimCase { class: string; options: Record<string, number | boolean | number[]>; a: number[]; b: number[]; w0: number[]; trajectory: number[][] }
interface Fixture {
  optim: Record<string, OptimCase>;
  schedules: Record<string, Record<string, number> & { values: number[] }>;
}
const f = fixture<Fixture>('torch-reference.json');

function make(c: OptimCase, p: Parameter): Optimizer {
  const o = c.options;
  const lr = o.lr as number, wd = (o.weight_decay as number | undefined) ?? undefined;
  const betas = o.betas as [number, number] | undefined;
  switch (c.class) {
    case 'SGD': return new SGD([p], { lr, momentum: o.momentum as number, dampening: o.dampening as number, nesterov: o.nesterov as boolean, weightDecay: wd });
    case 'Adam': return new Adam([p], { lr, betas, weightDecay: wd });
    case 'AdamW': return new AdamW([p], { lr, betas, weightDecay: wd });
    case 'Adamax': return new AdaMax([p], { lr, betas, weightDecay: wd });
  }
  throw new Error(`unknown optimizer ${c.class}`);
}

describe('optimizers follow PyTorch for 25 steps (rtol 1e-4)', () => {
  for (const [name, c] of Object.entries(f.optim)) {
    it(name, () => {
      const w = new Parameter(Float32Array.from(c.w0), [c.w0.length], 'w');
      const a = Tensor.from(c.a).keep(), b = Tensor.from(c.b).keep();
      const opt = make(c, w);
      c.trajectory.forEach((expected, step) => {
        tidy(() => {
          opt.zeroGrad();
          const loss = sum(add(mul(mul(mul(w, w), a), 0.5), mul(unary('sin', mul(w, 3)), b)));
          backward(loss);
          opt.step();
        });
        assertClose(w.data, expected, 1e-4, 1e-6, `${name} step ${step + 1}`);
      });
    });
  }
});

describe('learning-rate schedules follow PyTorch', () => {
  const s = f.schedules;
  const cases: [string, (step: number) => number][] = [
    ['step', (i) => stepDecay(s.step.lr, s.step.stepSize, s.step.gamma).at(i)],
    ['cosine', (i) => cosine(s.cosine.lr, s.cosine.period, s.cosine.minLr).at(i)],
    ['warmRestarts', (i) => cosineWarmRestarts(s.warmRestarts.lr, s.warmRestarts.t0, s.warmRestarts.tMult, s.warmRestarts.minLr).at(i)],
    ['triangular', (i) => triangular(s.triangular.baseLr, s.triangular.maxLr, s.triangular.stepSize).at(i)],
  ];
  for (const [name, at] of cases) {
    it(name, () => assertClose(s[name].values.map((_, i) => at(i)), s[name].values, 1e-6, 1e-9, name));
  }

  it('rejects bad options with the field name', () => {
    assert.throws(() => new SGD([], { lr: -1 }), /SGD: lr must be a positive number, got -1/);
    assert.throws(() => new Adam([], { betas: [1.2, 0.9] }), /Adam: betas\[0\] must be in \[0, 1\), got 1.2/);
    assert.throws(() => cosine(0.1, 0), /cosine: period must be positive/);
  });
});
