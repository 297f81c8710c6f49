/**
 * `npm run bench -- block-growth [--block=M] [--quick]`: the journal's block growth on Add10.
 * Block j is a fresh small MLP fitted to the residual of the sum of blocks
 * 0..j−1; compared with one MLP of the same total width and the same epochs.
 */
import { backward, noGrad } from '../src/core/autograd.js';
import { mse } from '../src/core/ops/loss.js';
import { Rng } from '../src/core/random.js';
import { Tensor, tidy } from '../src/core/tensor.js';
import { prepare, type Prepared } from '../src/data/prepare.js';
import type { Split } from '../src/data/dataset.js';
import { generateAdd10 } from '../src/data/tabular.js';
import { buildModel, parseArch } from '../src/nn/spec.js';
import type { Sequential } from '../src/nn/sequential.js';
import { Adam } from '../src/optim/adam.js';
import { regressionScores } from '../src/train/metrics.js';

const predict = (m: Sequential, s: Split) => noGrad(() => tidy(() => Float64Array.from(m.eval().forward(new Tensor(s.x, [s.n, 10])).data)));

const r2 = (pred: Float64Array, y: Float64Array): number => regressionScores(pred, y).r2;

/** Trains `m` on targets `y` (standardised units) for `epochs`. */
function trainOn(m: Sequential, s: Split, y: Float64Array, epochs: number, seed: number): void {
  const opt = new Adam(m.trainableParameters(), { lr: 3e-3 });
  m.train();
  for (let e = 0; e < epochs; e++) {
    const order = new Rng(seed * 7919 + e).permutation(s.n);
    for (let b = 0; b < s.n; b += 64) {
      const idx = order.subarray(b, Math.min(s.n, b + 64));
      tidy(() => {
        const x = Tensor.empty([idx.length, 10]), t = Tensor.empty([idx.length, 1]);
        idx.forEach((r, i) => { x.data.set(s.x.subarray(r * 10, r * 10 + 10), i * 10); t.data[i] = y[r]; });
        opt.zeroGrad();
        backward(mse(m.forward(x), t));
        opt.step();
      });
    }
  }
}

export function benchBlockGrowth(args: string[]): void {
  const quick = args.includes('--quick');
  const sizeArg = args.find((a) => a.startsWith('--block='));
  const m = sizeArg ? Number(sizeArg.slice(8)) : 8, blocks = quick ? 3 : 6, epochs = quick ? 10 : 40;
  const prep: Prepared = prepare(generateAdd10(10000, 0), { seed: 0 });
  const ts = prep.targetScale!;
  const std = (s: Split) => Float64Array.from(s.targets!, (v) => (v - ts.mean) / ts.std);
  const yTrain = std(prep.train), yTest = std(prep.test);
  const sumTrain = new Float64Array(prep.train.n), sumTest = new Float64Array(prep.test.n);
  console.log(`block growth on Add10: blocks of ${m} tanh units, ${epochs} epochs each`);
  console.log('block  residual_var(train)  block_R2_on_residual(train)  ensemble_test_R2');
  for (let j = 0; j < blocks; j++) {
    const residual = yTrain.map((v, i) => v - sumTrain[i]);
    const resVar = residual.reduce((a, v) => a + v * v, 0) / residual.length;
    const block = buildModel({ ...parseArch(`mlp:10-${m}-1`, [10]), layers: [
      { type: 'dense', in: 10, out: m, activation: 'tanh', bias: true }, { type: 'dense', in: m, out: 1, activation: 'identity', bias: true }] }, 100 + j);
    trainOn(block, prep.train, residual, epochs, j);
    const pTrain = predict(block, prep.train), pTest = predict(block, prep.test);
    pTrain.forEach((v, i) => { sumTrain[i] += v; });
    pTest.forEach((v, i) => { sumTest[i] += v; });
    console.log(`${String(j + 1).padEnd(7)}${resVar.toFixed(4).padEnd(21)}${r2(pTrain, residual).toFixed(4).padEnd(29)}${r2(sumTest, yTest).toFixed(4)}`);
  }
  const whole = buildModel({ ...parseArch(`mlp:10-${m * blocks}-1`, [10]), layers: [
    { type: 'dense', in: 10, out: m * blocks, activation: 'tanh', bias: true }, { type: 'dense', in: m * blocks, out: 1, activation: 'identity', bias: true }] }, 99);
  trainOn(whole, prep.train, yTrain, epochs * blocks, 99);
  console.log(`one MLP 10-${m * blocks}-1 trained ${epochs * blocks} epochs: test R² ${r2(predict(whole, prep.test), yTest).toFixed(4)}`);
}
