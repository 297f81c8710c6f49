/** Iterative magnitude pruning, supermasks and AddDel on small data: the rounds, the controls, rewinding, the visited models, determinism and the errors. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateAdd10 } from '../../src/data/tabular.js';
import type { Dataset } from '../../src/data/dataset.js';
import { prepare } from '../../src/data/prepare.js';
import { buildModel, parseArch } from '../../src/nn/spec.js';
import { type LotteryOptions, lotteryTickets, maxRounds } from '../../src/sparse/lottery.js';
import { prunableWeights } from '../../src/sparse/magnitude.js';
import { SupermaskLayer, supermaskModel, trainSupermask } from '../../src/sparse/supermask.js';
import { evaluate } from '../../src/train/metrics.js';
import { type VisitedModel, addDel } from '../../src/sparse/adddel.js';

const add10 = prepare(generateAdd10(1500, 1), { seed: 1 });
const spec = parseArch('mlp:10-24-12-1', [10]);
const base: LotteryOptions = { build: (s) => buildModel(spec, s), prep: add10, rounds: 3, rate: 0.3, outputRate: 0.15, reset: { kind: 'init' }, control: true,
  iterations: 60, batchSize: 32, lr: 3e-3, evalEvery: 20, seed: 4 };

/** Two classes from add10's features: whether the first two sum past one (a task a mask over random weights can learn). */
function twoClasses(): Dataset {
  const d = generateAdd10(2000, 2);
  const labels = Int32Array.from({ length: d.train.n }, (_, i) => (d.train.x[i * 10] + d.train.x[i * 10 + 1] > 1 ? 1 : 0));
  return { name: 'two-classes', task: 'classification', inputShape: [10], classes: 2, train: { x: d.train.x, labels, n: d.train.n } };
}

describe('lottery tickets', () => {
  it('prunes each round to the expected fraction, trains the re-initialised control beside every pruned round, and is deterministic', () => {
    const rounds = lotteryTickets(base);
    assert.equal(rounds.length, 4);
    const total = 240 + 288 + 12;
    let alive = [240, 288, 12];
    rounds.forEach((r, k) => {
      assert.equal(r.round, k);
      assert.ok(Math.abs(r.weightsRemaining - alive.reduce((a, b) => a + b, 0) / total) < 1e-12, `round ${k}: ${r.weightsRemaining}`);
      alive = alive.map((n, i) => n - Math.round((i === 2 ? 0.15 : 0.3) * n));
      assert.equal(r.reinitTestAccuracy === null, k === 0, 'no control for the dense round');
      assert.ok(Number.isFinite(r.testAccuracy) && r.bestValidIteration >= 20 && r.bestValidIteration <= 60);
    });
    assert.deepEqual(lotteryTickets(base), rounds, 'same seed, same rounds');
  });

  it('rewinding to iteration 0 is resetting to the initialisation; rewinding later or the learning rate gives other tickets', () => {
    const init = lotteryTickets({ ...base, control: false, rounds: 2 });
    assert.deepEqual(lotteryTickets({ ...base, control: false, rounds: 2, reset: { kind: 'rewind', iteration: 0 } }), init);
    const later = lotteryTickets({ ...base, control: false, rounds: 2, reset: { kind: 'rewind', iteration: 30 } });
    const lrRewind = lotteryTickets({ ...base, control: false, rounds: 2, reset: { kind: 'lr-rewind' } });
    assert.deepEqual(later[0], init[0], 'the dense round does not depend on the reset');
    assert.notDeepEqual(later[2].testAccuracy, init[2].testAccuracy);
    assert.notDeepEqual(lrRewind[2].testAccuracy, init[2].testAccuracy);
  });

  it('refuses more rounds than the weights allow, and a rewind point past the training', () => {
    const most = maxRounds(buildModel(spec, 0), { rate: 0.5, outputRate: 0.5 });
    assert.equal(most, 3, 'the 12-weight output layer halves 12 → 6 → 3 → 1; a 4th round would empty it');
    assert.throws(() => lotteryTickets({ ...base, rounds: most + 1, rate: 0.5, outputRate: 0.5 }), new RegExp(`rounds: ${most + 1} rounds at prune rate 0.5 would leave a layer without weights; this architecture allows at most ${most}`));
    assert.throws(() => lotteryTickets({ ...base, reset: { kind: 'rewind', iteration: 61 } }), /rewind: got iteration 61; expected a whole number from 0 to the 60 training iterations/);
  });
});

describe('supermasks', () => {
  const data = prepare(twoClasses(), { seed: 3 });
  const arch = parseArch('mlp:10-64-32-2', [10]);

  it('edge-popup keeps exactly the density of each layer, never changes a weight, and learns a working mask', () => {
    const model = buildModel(arch, 1);
    const r = trainSupermask({ model, prep: data, method: 'edge-popup', density: 0.4, init: 'signed-constant', epochs: 6, batchSize: 64, lr: 0.1, seed: 2 });
    for (const w of prunableWeights(r.model)) {
      assert.equal(w.param.unmasked, Math.round(0.4 * w.param.size), w.name);
      const std = Math.sqrt(2 / w.param.shape[1]);
      assert.ok(w.param.data.every((v, i) => (w.param.mask![i] === 0 ? v === 0 : Math.abs(Math.abs(v) - std) < 1e-6)), `${w.name}: kept weights are still ±${std.toFixed(3)}`);
    }
    assert.ok(r.test.accuracy! > 0.85, `test accuracy ${r.test.accuracy}`);
    assert.equal(evaluate(r.model, data.test, data).accuracy, r.test.accuracy, 'the plain masked model computes what the supermask did');
  });

  it('zhou samples masks while training and thresholds them for evaluation; only the scores are trainable', () => {
    const masked = supermaskModel(buildModel(arch, 1), 'zhou', 1, 5);
    assert.deepEqual(masked.trainableParameters().map((p) => p.name), ['scores', 'scores', 'scores']);
    const layer = masked.layers.find((l): l is SupermaskLayer => l instanceof SupermaskLayer)!;
    layer.scores.data.fill(0.5);
    layer.training = false;
    assert.ok(layer.mask().mask.every((v) => v === 1), 'probability sigmoid(0.5) > 1/2 keeps every weight at evaluation');
    layer.training = true;
    const sampled = layer.mask().mask;
    const kept = sampled.reduce((a, b) => a + b, 0) / sampled.length;
    assert.ok(Math.abs(kept - 1 / (1 + Math.exp(-0.5))) < 0.03, `sampled masks keep about sigmoid(0.5) of the weights: ${kept}`);
    const r = trainSupermask({ model: buildModel(arch, 1), prep: data, method: 'zhou', density: 1, init: 'signed-constant', epochs: 6, batchSize: 64, lr: 0.05, seed: 2 });
    assert.ok(r.test.accuracy! > 0.75, `test accuracy ${r.test.accuracy}`);
  });
});

describe('AddDel', () => {
  it('adds units while the validation error improves, deletes the least salient down to one, keeps every model and picks from the Pareto front', () => {
    const seen: VisitedModel[] = [];
    const r = addDel({ prep: add10, start: [2], maxUnits: 6, epochsPerStep: 1, patience: 2, batchSize: 64, lr: 5e-3, seed: 3, onModel: (m) => seen.push(m) });
    assert.deepEqual(r.models, seen);
    assert.equal(r.models[0].move, 'start');
    assert.deepEqual(r.models[0].widths, [2]);
    const adds = r.models.filter((m) => m.move === 'add'), dels = r.models.filter((m) => m.move === 'delete');
    assert.ok(adds.length >= 2, 'at least `patience` additions');
    adds.forEach((m, k) => assert.deepEqual(m.widths, [3 + k]));
    assert.deepEqual(dels.map((m) => m.widths[0]), Array.from({ length: dels.length }, (_, k) => 1 + adds.length - k), 'one unit fewer each step, down to 1');
    assert.equal(dels[dels.length - 1].widths[0], 1);
    r.models.forEach((m) => assert.equal(m.params, 10 * m.widths[0] + m.widths[0] + m.widths[0] + 1));
    assert.ok(r.models.every((m) => m.stability > 0 && m.stability < m.validError));
    // Nothing on the front is beaten in both size and error by a visited model.
    for (const f of r.front) assert.ok(!r.models.some((m) => m.params <= f.params && m.validError < f.validError && (m.params < f.params || m.validError < f.validError)));
    assert.ok(r.front.includes(r.chosen));
    const best = r.front.reduce((a, b) => (b.validError < a.validError ? b : a));
    assert.ok(r.chosen.params <= best.params, 'never larger than the most accurate model on the front');
  });

  it('with a tolerance, picks the smallest front model within it of the best validation error', () => {
    const o = { prep: add10, start: [2], maxUnits: 5, epochsPerStep: 1, patience: 1, batchSize: 64, lr: 5e-3, seed: 5 };
    const loose = addDel({ ...o, tolerance: 0.99 });
    assert.equal(loose.chosen, loose.front[0], 'any model is within 0.99: the smallest on the front');
    const strict = addDel({ ...o, tolerance: 0 });
    assert.equal(strict.chosen.validError, Math.min(...strict.front.map((m) => m.validError)), 'no error given up: the most accurate');
  });

  it('refuses starting widths outside 1..max-units', () => {
    assert.throws(() => addDel({ prep: add10, start: [0], maxUnits: 4, epochsPerStep: 1, patience: 1, batchSize: 64, lr: 1e-3, seed: 0 }), /start widths \[0\]: each must be a whole number from 1 to the most units per layer \(4\)/);
  });
});
