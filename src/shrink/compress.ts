/**
 * Compress training (ShrinkNets): start wide, penalise the switches with a
 * decaying λ, remove dead units during training, stop on the time budget, the
 * epoch limit or collapse. The result is a smaller plain network.
 */
import { OptionError } from '../core/option-error.js';
import { add, mul } from '../core/ops/elementwise.js';
import { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import type { Prepared } from '../data/prepare.js';
import { Dense } from '../nn/dense.js';
import { Activation, Flatten, MaxPool2d } from '../nn/layers.js';
import { Conv2d } from '../nn/conv2d.js';
import type { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import { AdamW } from '../optim/adam.js';
import type { LrSchedule } from '../optim/schedules.js';
import { trainEpoch } from '../train/epoch.js';
import { TimeBudget } from '../train/time-budget.js';
import { type Metrics, evaluate } from '../train/metrics.js';
import { removeDead } from './surgery.js';
import { type DeathRule, Switch } from './switch.js';

export interface CompressOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  /** λ₂: decoupled weight decay, so weights cannot grow while switches shrink. */
  weightDecay: number;
  /** Initial λ of the L1 penalty on the switches; divided by `lambdaDecay` every epoch (or every `lambdaDecayEvery` batches). */
  lambda: number;
  lambdaDecay: number;
  /**
   * Count the decay in batches instead of epochs (λ / decay^(batches / this)). On small datasets an epoch is a few
   * batches and the per-epoch schedule removes the penalty before a switch can reach zero.
   */
  lambdaDecayEvery?: number;
  rule: DeathRule;
  seed: number;
  timeBudgetSeconds?: number;
  /** Surgery every this many batches (and at every epoch end). */
  surgeryEvery: number;
  /** A layer never goes below this many units; reaching it counts as collapse and stops training. */
  minUnits: number;
  /** Learning rate by the fraction of the time budget spent (0 to 1), set after every batch; needs timeBudgetSeconds. */
  timeSchedule?: LrSchedule;
  /**
   * The last this fraction of the time budget trains without the switch penalty and without surgery, so the
   * surviving switches are no longer pulled towards 0 while the network settles (0: penalty to the end).
   */
  settleFraction?: number;
  onEpoch?(log: CompressEpochLog): void;
}

export interface CompressEpochLog { epoch: number; sizes: number[]; loss: number; lambda: number; lr: number; val: Metrics; seconds: number; elapsed: number }
export interface CompressResult { history: CompressEpochLog[]; sizes: number[]; stoppedBy: 'epochs' | 'time-budget' | 'collapse'; seconds: number }

/** The journal's starting widths per number of hidden layers. */
export const JOURNAL_START_WIDTHS: Readonly<Record<number, number>> = { 1: 10000, 2: 6000, 3: 4000, 4: 2500 };

export const DEFAULT_COMPRESS: Omit<CompressOptions, 'epochs' | 'seed'> = {
  batchSize: 128, lr: 1e-3, weightDecay: 1e-4, lambda: 1e-3, lambdaDecay: 2 ** (1 / 10),
  rule: { kind: 'sign-flip', decay: 0.99, threshold: 0.5 }, surgeryEvery: 50, minUnits: 1,
};

/** [Flatten?] Dense(relu) → Switch → … → Dense(out). */
export function switchedMlp(inputShape: number[], hidden: number[], outputs: number, seed: number, switchLrScale = 1): Sequential {
  const rng = new Rng(seed);
  const layers: Module[] = inputShape.length > 1 ? [new Flatten()] : [];
  let prev = inputShape.reduce((a, b) => a * b, 1);
  for (const h of hidden) {
    layers.push(new Dense(prev, h, { activation: 'relu', rng: rng.fork() }), new Switch(h, { lrScale: switchLrScale }));
    prev = h;
  }
  layers.push(new Dense(prev, outputs, { rng: rng.fork() }));
  return new Sequential(layers);
}

/** Per channel entry: conv 5x5 (padding 2) → ReLU → Switch → max-pool 2; then Flatten, Dense(relu) → Switch per dense entry, Dense(out). */
export function switchedCnn(inputShape: number[], channels: number[], dense: number[], outputs: number, seed: number, switchLrScale = 1): Sequential {
  if (inputShape.length !== 3) throw new Error(`switchedCnn: needs image input [C, H, W], got [${inputShape}]`);
  const rng = new Rng(seed);
  const layers: Module[] = [];
  let [c, h, w] = inputShape;
  for (const oc of channels) {
    layers.push(new Conv2d(c, oc, 5, { padding: 2, rng: rng.fork() }), new Activation('relu'), new Switch(oc, { lrScale: switchLrScale }), new MaxPool2d(2));
    c = oc; h = Math.floor(h / 2); w = Math.floor(w / 2);
  }
  layers.push(new Flatten());
  let prev = c * h * w;
  for (const d of dense) {
    layers.push(new Dense(prev, d, { activation: 'relu', rng: rng.fork() }), new Switch(d, { lrScale: switchLrScale }));
    prev = d;
  }
  layers.push(new Dense(prev, outputs, { rng: rng.fork() }));
  return new Sequential(layers);
}

/** "cnn:C1-C2[:H1-H2]" → channel and dense sizes. */
export function parseCnnArch(arch: string): { channels: number[]; dense: number[] } {
  const m = /^cnn:(\d+(?:-\d+)*)(?::(\d+(?:-\d+)*))?$/.exec(arch);
  if (!m) throw new OptionError('arch', `"${arch}" is not understood; expected cnn:C1-C2[:H1-H2], e.g. cnn:100-75:500`);
  const out = { channels: m[1].split('-').map(Number), dense: m[2] ? m[2].split('-').map(Number) : [] };
  if ([...out.channels, ...out.dense].some((v) => v === 0)) throw new OptionError('arch', `"${arch}" has a layer of width 0; every width must be at least 1`);
  return out;
}

export const switchSizes = (m: Sequential): number[] => m.layers.filter((l): l is Switch => l instanceof Switch).map((s) => s.features);

export function compressTrain(model: Sequential, data: Prepared, opts: CompressOptions): CompressResult {
  const opt = new AdamW(model.trainableParameters(), { lr: opts.lr, weightDecay: opts.weightDecay });
  const switches = () => model.layers.map((l, i) => [i, l] as const).filter((e): e is readonly [number, Switch] => e[1] instanceof Switch);
  const history: CompressEpochLog[] = [];
  const budget = new TimeBudget(opts.timeBudgetSeconds, opts.timeSchedule, 'compressTrain');
  opt.lr = budget.lr(opts.lr);
  const settle = opts.settleFraction ?? 0;
  if (!(settle >= 0 && settle < 1)) throw new Error(`compressTrain: settleFraction must be in [0, 1), got ${settle}`);
  if (settle > 0 && opts.timeBudgetSeconds === undefined) throw new Error('compressTrain: settleFraction needs timeBudgetSeconds');
  const settling = () => settle > 0 && budget.fraction() >= 1 - settle;
  // Widened by hand: TypeScript cannot see the batch callback below setting it.
  let stoppedBy = 'epochs' as CompressResult['stoppedBy'];
  const surgery = (): boolean => {
    const dead = new Map<number, number[]>();
    for (const [i, s] of switches()) {
      let d = s.deadUnits(opts.rule);
      if (s.features - d.length < opts.minUnits) {
        // Keep the strongest switches so the layer stays at minUnits; that is a collapse.
        const order = d.slice().sort((a, b) => Math.abs(s.beta.data[b]) - Math.abs(s.beta.data[a]));
        d = order.slice(opts.minUnits - (s.features - d.length)).sort((a, b) => a - b);
        dead.set(i, d);
        removeDead(model, dead);
        return true;
      }
      dead.set(i, d);
    }
    removeDead(model, dead);
    return false;
  };
  let batches = 0;
  const lambdaNow = (epoch: number) => opts.lambda / opts.lambdaDecay ** (opts.lambdaDecayEvery ? batches / opts.lambdaDecayEvery : epoch);
  outer: for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const t0 = performance.now();
    const rule = opts.rule;
    let collapsed = false;
    const { loss } = trainEpoch(model, data, {
      optimizer: opt, batchSize: opts.batchSize, seed: opts.seed, epoch,
      penalty: () => {
        if (settling()) return null;
        const lambda = lambdaNow(epoch);
        return switches().reduce<Tensor | null>((acc, [, s]) => { const p = mul(s.l1(), lambda); return acc ? add(acc, p) : p; }, null);
      },
      afterStep: rule.kind === 'sign-flip' ? () => { for (const [, s] of switches()) s.updateSignEma(rule.decay); } : undefined,
      afterBatch: (b) => {
        batches++;
        opt.lr = budget.lr(opt.lr);
        if ((b + 1) % opts.surgeryEvery === 0 && !settling()) { opt.zeroGrad(); if (surgery()) { collapsed = true; return true; } }
        if (budget.spent()) { stoppedBy = 'time-budget'; return true; }
        return false;
      },
    });
    if (!collapsed && !settling() && surgery()) collapsed = true;
    const log: CompressEpochLog = { epoch: epoch + 1, sizes: switchSizes(model), loss, lambda: settling() ? 0 : lambdaNow(epoch), lr: opt.lr,
      val: evaluate(model, data.validation, data), seconds: (performance.now() - t0) / 1000, elapsed: budget.elapsed() };
    history.push(log);
    opts.onEpoch?.(log);
    if (collapsed) { stoppedBy = 'collapse'; break outer; }
    if (stoppedBy === 'time-budget') break;
  }
  return { history, sizes: switchSizes(model), stoppedBy, seconds: budget.elapsed() };
}
