/**
 * AddDel (Popova & Strijov 2015): a stepwise search over the hidden units of an
 * MLP. From a small network it adds units, one at a time, to the hidden layer
 * where a unit lowers the training loss most (each candidate is tried and
 * trained briefly), until the validation error stops improving; then it
 * deletes units, one at a time, the one of least saliency first (optimal brain
 * damage's second-order estimate ½·Σ F·w² over the unit's weights, F the
 * diagonal Fisher information), down to one unit per layer. Every model
 * visited is kept with its parameter count, validation error and stability
 * (the standard deviation of the validation error over bootstrap resamples of
 * the validation set); the choice is the smallest model on the Pareto front
 * not clearly worse than the best (paired bootstrap over the same rows).
 */
import { backward, noGrad, zeroGrad } from '../core/autograd.js';
import { Rng } from '../core/random.js';
import { tidy } from '../core/tensor.js';
import { batches, type Prepared } from '../data/prepare.js';
import { Dense } from '../nn/dense.js';
import { Sequential } from '../nn/sequential.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { Adam } from '../optim/adam.js';
import { trainEpoch } from '../train/epoch.js';
import { fit } from '../train/fit.js';
import { evaluate, taskLoss } from '../train/metrics.js';

export interface AddDelOptions {
  prep: Prepared;
  /** Starting hidden widths, e.g. [2] or [2, 2]. */
  start: number[];
  /** Most units in one hidden layer. */
  maxUnits: number;
  /** Epochs of training after each change (and for each candidate addition). */
  epochsPerStep: number;
  /** Additions without a better validation error before deleting starts. */
  patience: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Bootstrap resamples of the validation set for the stability (default 100). */
  resamples?: number;
  /**
   * The validation error a user will give up for a smaller model: the choice is then the smallest front model within
   * this of the best. Without it, the smallest the paired bootstrap does not find worse.
   */
  tolerance?: number;
  onModel?: (m: VisitedModel) => void;
}

export interface VisitedModel {
  step: number;
  move: 'start' | 'add' | 'delete';
  /** The hidden layer changed (0-based), for add and delete. */
  layer: number | null;
  widths: number[];
  params: number;
  /** 1 − accuracy (classification) or MSE / variance of the targets, i.e. 1 − R² (regression), on the validation set. */
  validError: number;
  /** Standard deviation of the validation error over bootstrap resamples. */
  stability: number;
  testError: number;
}

export interface AddDelResult { models: VisitedModel[]; front: VisitedModel[]; chosen: VisitedModel; epochs: number }

const hiddenLayers = (m: Sequential): Dense[] => (m.layers.filter((l) => l instanceof Dense) as Dense[]).slice(0, -1);
const widthsOf = (m: Sequential): number[] => hiddenLayers(m).map((l) => l.outFeatures);
const denseAfter = (m: Sequential, layer: Dense): Dense => { const all = m.layers.filter((l) => l instanceof Dense) as Dense[]; return all[all.indexOf(layer) + 1]; };

/** Per-example errors on a split: 0/1 misclassification, or squared error over the targets' variance. */
function exampleErrors(model: Sequential, prep: Prepared, split: 'validation' | 'test'): Float32Array {
  const data = prep[split], errors = new Float32Array(data.n);
  const wasTraining = model.training;
  model.eval();
  let k = 0;
  const targets = data.targets;
  const variance = targets ? (() => { let m = 0; for (const v of targets) m += v; m /= targets.length; let s = 0; for (const v of targets) s += (v - m) ** 2; return s / targets.length || 1; })() : 1;
  noGrad(() => {
    for (const b of batches(data, prep.dataset.inputShape, 1000, null, prep.targetScale)) {
      tidy(() => {
        const out = model.forward(b.x).data, n = b.x.shape[0];
        if (b.labels) {
          const c = out.length / n;
          for (let i = 0; i < n; i++) {
            let best = 0;
            for (let j = 1; j < c; j++) if (out[i * c + j] > out[i * c + best]) best = j;
            errors[k++] = best === b.labels[i] ? 0 : 1;
          }
        } else {
          const s = prep.targetScale ?? { mean: 0, std: 1 };
          for (let i = 0; i < n; i++, k++) errors[k] = (out[i] * s.std + s.mean - targets![k]) ** 2 / variance;
        }
      });
    }
  });
  model.train(wasTraining);
  return errors;
}

const meanOf = (xs: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]; return s / Math.max(1, xs.length); };

/** Standard deviation of the mean of `errors` over bootstrap resamples of its rows; with `minus`, of the mean paired difference. */
function bootstrapSd(errors: Float32Array, resamples: number, rng: Rng, minus?: Float32Array): number {
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < errors.length; i++) { const k = rng.int(errors.length); s += errors[k] - (minus ? minus[k] : 0); }
    means.push(s / errors.length);
  }
  const m = meanOf(means);
  return Math.sqrt(meanOf(means.map((v) => (v - m) ** 2)));
}

/** OBD saliency of each unit of a hidden layer: ½·Σ F·w² over its incoming weights, bias and outgoing weights (F: mean squared gradient over a few batches). */
function unitSaliency(model: Sequential, layer: Dense, prep: Prepared, batchSize: number, rng: Rng): Float64Array {
  const next = denseAfter(model, layer);
  const tracked = [layer.weight, ...(layer.bias ? [layer.bias] : []), next.weight];
  const fisher = tracked.map((p) => new Float64Array(p.size));
  let count = 0;
  for (const b of batches(prep.train, prep.dataset.inputShape, batchSize, rng, prep.targetScale)) {
    tidy(() => {
      zeroGrad(model.parameters());
      backward(taskLoss(prep, model.forward(b.x), b.labels, b.targets));
      tracked.forEach((p, k) => { const g = p.grad!.data; for (let i = 0; i < g.length; i++) fisher[k][i] += g[i] * g[i]; });
    });
    b.x.dispose(); b.targets?.dispose();
    if (++count === 8) break;
  }
  zeroGrad(model.parameters());
  const units = layer.outFeatures, inputs = layer.inFeatures, outputs = next.outFeatures;
  const s = new Float64Array(units);
  for (let u = 0; u < units; u++) {
    for (let i = 0; i < inputs; i++) s[u] += fisher[0][u * inputs + i] / count * layer.weight.data[u * inputs + i] ** 2;
    if (layer.bias) s[u] += fisher[1][u] / count * layer.bias.data[u] ** 2;
    const f = fisher[fisher.length - 1];
    for (let o = 0; o < outputs; o++) s[u] += f[o * units + u] / count * next.weight.data[o * units + u] ** 2;
  }
  return s.map((v) => v / 2);
}

const snapshot = (m: Sequential) => m.parameters().map((p) => ({ p, data: Float32Array.from(p.data), shape: [...p.shape], slots: new Map([...p.slots].map(([k, v]) => [k, Float32Array.from(v)])) }));

export function addDel(o: AddDelOptions): AddDelResult {
  if (o.start.some((w) => !(Number.isInteger(w) && w >= 1 && w <= o.maxUnits))) throw new Error(`start widths [${o.start}]: each must be a whole number from 1 to the most units per layer (${o.maxUnits})`);
  const model = mlp(o.prep, o.start, o.seed);
  const rng = new Rng(o.seed + 17);
  // One optimizer throughout: its moments live in the parameters' slots, so they follow every added and deleted unit.
  const opt = new Adam(model.trainableParameters(), { lr: o.lr });
  let epoch = 0, epochs = 0;
  const train = (n: number) => { for (let e = 0; e < n; e++) trainEpoch(model, o.prep, { optimizer: opt, batchSize: o.batchSize, seed: o.seed, epoch: epoch++ }); epochs += n; };
  // The training criterion on a fixed sample of the training rows (at most 2,000), so candidates are compared on the same data.
  const n = Math.min(o.prep.train.n, 2000), rowSize = o.prep.train.x.length / o.prep.train.n, t = o.prep.train;
  const trainSample = { x: t.x.subarray(0, n * rowSize), labels: t.labels?.subarray(0, n), targets: t.targets?.subarray(0, n * (t.targets.length / t.n)), n };
  const trainLoss = () => evaluate(model, trainSample, o.prep).loss;
  const models: VisitedModel[] = [];
  // Each visited model's validation errors per row, for paired comparisons when choosing.
  const rowErrors = new Map<VisitedModel, Float32Array>();
  const visit = (move: VisitedModel['move'], layer: number | null) => {
    const v = exampleErrors(model, o.prep, 'validation');
    const m: VisitedModel = { step: models.length, move, layer, widths: widthsOf(model), params: model.parameterCount(), validError: meanOf(v),
      stability: bootstrapSd(v, o.resamples ?? 100, new Rng(o.seed + models.length)), testError: meanOf(exampleErrors(model, o.prep, 'test')) };
    models.push(m);
    rowErrors.set(m, v);
    o.onModel?.(m);
    return m;
  };
  train(o.epochsPerStep);
  let best = visit('start', null).validError, stale = 0;
  // Adding: each layer that has room gets a trial unit; the one whose short training lowers the training loss most is kept.
  while (stale < o.patience) {
    const layers = hiddenLayers(model);
    const candidates = layers.map((l, i) => i).filter((i) => layers[i].outFeatures < o.maxUnits);
    if (!candidates.length) break;
    const before = snapshot(model), startEpoch = epoch;
    let choice = -1, choiceLoss = Infinity;
    for (const i of candidates) {
      addUnit(model, i);
      train(o.epochsPerStep);
      const loss = trainLoss();
      if (loss < choiceLoss) { choiceLoss = loss; choice = i; }
      restore(model, before);
      epoch = startEpoch;
    }
    addUnit(model, choice);
    train(o.epochsPerStep);
    const v = visit('add', choice).validError;
    if (v < best - 1e-9) { best = v; stale = 0; } else stale++;
  }
  // Deleting: the unit of least saliency, in any layer with more than one, then a short retraining.
  for (;;) {
    const layers = hiddenLayers(model);
    let pick: { layer: number; unit: number; s: number } | null = null;
    layers.forEach((l, i) => {
      if (l.outFeatures <= 1) return;
      unitSaliency(model, l, o.prep, o.batchSize, rng).forEach((s, unit) => { if (!pick || s < pick.s) pick = { layer: i, unit, s }; });
    });
    if (pick === null) break;
    const { layer, unit } = pick as { layer: number; unit: number };
    const l = layers[layer];
    const keep = Array.from({ length: l.outFeatures }, (_, u) => u).filter((u) => u !== unit);
    l.selectOutputs(keep);
    denseAfter(model, l).selectInputs(keep);
    train(o.epochsPerStep);
    visit('delete', layer);
  }
  const front = paretoByParams(models);
  const top = front.reduce((a, b) => (b.validError < a.validError ? b : a));
  // The smallest model not clearly worse than the best: its mean paired difference in validation error (the same rows)
  // is within one bootstrap standard deviation of that difference. Pairing removes the rows' own noise, which both share.
  const acceptable = (m: VisitedModel) => m.validError - top.validError <= (o.tolerance ?? bootstrapSd(rowErrors.get(m)!, o.resamples ?? 100, new Rng(o.seed), rowErrors.get(top)!));
  const chosen = front.find(acceptable) ?? top;
  return { models, front, chosen, epochs };
}

/** A ReLU MLP with these hidden widths for the data's inputs and outputs (the --arch mlp:IN-H…-OUT form). */
function mlp(prep: Prepared, widths: number[], seed: number): Sequential {
  const inSize = prep.dataset.inputShape.reduce((a, b) => a * b, 1), outSize = prep.dataset.task === 'classification' ? prep.dataset.classes! : 1;
  return buildModel(parseArch(`mlp:${[inSize, ...widths, outSize].join('-')}`, prep.dataset.inputShape), seed);
}

/** A new unit at the end of hidden layer `i`: fresh incoming weights, zero outgoing weights, so the network's function is unchanged at first. */
function addUnit(model: Sequential, i: number): void {
  const l = hiddenLayers(model)[i];
  l.insertOutputs(l.outFeatures, 1);
  denseAfter(model, l).insertInputs(l.outFeatures - 1, 1);
}

function restore(model: Sequential, saved: ReturnType<typeof snapshot>): void {
  // Undo a trial addition: shapes first (the trial unit is the last of its layer), then values and optimizer state.
  for (const s of saved) {
    for (let axis = 0; axis < s.shape.length; axis++) if (s.p.shape[axis] !== s.shape[axis]) s.p.select(axis, Array.from({ length: s.shape[axis] }, (_, k) => k));
    s.p.data.set(s.data);
    for (const [k, v] of s.slots) s.p.slots.set(k, Float32Array.from(v));
  }
}

/** Models no other beats in both parameters and validation error, by parameters ascending. */
export function paretoByParams(models: VisitedModel[]): VisitedModel[] {
  const sorted = [...models].sort((a, b) => a.params - b.params || a.validError - b.validError);
  const front: VisitedModel[] = [];
  for (const m of sorted) if (!front.length || m.validError < front[front.length - 1].validError) front.push(m);
  return front;
}

export interface GridModel { widths: number[]; params: number; validError: number; testError: number }

/**
 * An MLP of these hidden widths trained from scratch for `epochs`, ending with the weights of its best validation
 * epoch (so a long budget does not count against the larger networks by overfitting), with AddDel's errors.
 */
export function trainWidths(prep: Prepared, widths: number[], epochs: number, batchSize: number, lr: number, seed: number): GridModel {
  const model = mlp(prep, widths, seed);
  fit(model, prep, { epochs, batchSize, optimizer: new Adam(model.trainableParameters(), { lr }), seed, keepBest: (v) => -v.loss });
  return { widths, params: model.parameterCount(), validError: meanOf(exampleErrors(model, prep, 'validation')), testError: meanOf(exampleErrors(model, prep, 'test')) };
}

/**
 * The comparison AddDel is judged against: one-hidden-layer MLPs of each width, each trained for `epochs` (the
 * AddDel run's whole training, so the grid is not given less).
 */
export function fixedWidthGrid(prep: Prepared, widths: number[], epochs: number, batchSize: number, lr: number, seed: number, onModel?: (m: GridModel) => void): GridModel[] {
  return widths.map((w) => { const m = trainWidths(prep, [w], epochs, batchSize, lr, seed); onModel?.(m); return m; });
}
