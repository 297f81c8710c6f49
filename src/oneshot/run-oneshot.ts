/**
 * One weight-sharing search: split the training data into a half for the network weights and a half for the
 * architecture, build the supernet, train it with the strategy for the given epochs (recording softmax(α) and the
 * losses each epoch), and derive a discrete architecture. Weights use SGD with Nesterov momentum and a cosine
 * learning rate; α uses Adam, as in the NAS-Bench-201 protocol.
 */
import { OptionError } from '../core/option-error.js';
import { type CellSpace } from '../arch/cell-space.js';
import type { ArchGraph } from '../arch/graph.js';
import { formatCellString } from '../arch/cell-string.js';
import { Rng } from '../core/random.js';
import { type Prepared, stratifiedSplit } from '../data/prepare.js';
import { takeRows } from '../data/dataset.js';
import { Adam } from '../optim/adam.js';
import { applySchedule, cosine } from '../optim/schedules.js';
import { SGD } from '../optim/sgd.js';
import { type CheckpointOwner, loadCheckpoint, saveCheckpoint, stepCounters } from '../train/checkpoint.js';
import { type OneShotContext, epochBatches, supernetScore } from './context.js';
import { oneShotEntry } from './strategies/index.js';
import { Supernet } from './supernet.js';

export interface OneShotOptions {
  strategy: string;
  space: CellSpace;
  data: Prepared;
  /** Cells per stage and stages (stages default to 3 for images, 1 otherwise). */
  cells: number;
  stages?: number;
  epochs: number;
  batchSize?: number;
  seed: number;
  weightLr?: number;
  archLr?: number;
  log?: (line: string) => void;
  /** Called after each supernet epoch (e.g. to record it in a store). */
  onEpoch?: (epoch: OneShotEpoch) => void;
  /**
   * Path stem of a checkpoint written after every epoch (supernet weights and α, both optimizers' state, the random
   * stream, the history); one already there is resumed from its epoch, when it belongs to the same search (`owner`).
   */
  checkpoint?: string;
  checkpointOwner?: CheckpointOwner;
}

export interface OneShotEpoch { epoch: number; trainLoss: number; seconds: number; probabilities: number[][] }

export interface OneShotResult {
  strategy: string;
  /** Whether α was learned (else its history is flat and says nothing). */
  learnsAlpha: boolean;
  genotype: number[];
  arch: ArchGraph;
  /** The cell as a string (NAS-Bench-201 form for 4-vertex cells). */
  cell: string;
  seconds: number;
  history: OneShotEpoch[];
  /** The derived cell's score with the shared weights on the architecture half (accuracy %, or −MSE). */
  sharedScore: number;
}

/** The two halves of the training split (stratified by class); throws when either is too small for one batch. */
export function splitHalves(data: Prepared, batchSize: number, seed: number): [Prepared['train'], Prepared['train']] {
  const { train } = data;
  const width = train.x.length / Math.max(1, train.n);
  if (train.n < 2 * batchSize) {
    throw new OptionError('batchSize', `dataset ${data.dataset.name}: ${train.n} training rows cannot be split into two halves of at least one batch (${batchSize}) each; use a batch size of at most ${Math.floor(train.n / 2)}, or more data`);
  }
  const [a, b] = stratifiedSplit(train.n, [0.5, 0.5], new Rng(seed ^ 0x5bd1e995), train.labels);
  return [takeRows(train, a, width), takeRows(train, b, width)];
}

export async function runOneShot(o: OneShotOptions): Promise<OneShotResult> {
  const start = performance.now();
  const strategy = oneShotEntry(o.strategy).create();
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new OptionError('epochs', `got ${o.epochs}; expected an integer ≥ 1 (supernet epochs)`);
  const batchSize = o.batchSize ?? 64;
  const [weightHalf, archHalf] = splitHalves(o.data, batchSize, o.seed);
  const outputs = o.data.dataset.task === 'classification' ? o.data.dataset.classes! : 1;
  const supernet = new Supernet(o.space, { cells: o.cells, stages: o.stages, inputShape: o.data.dataset.inputShape, outputs, seed: o.seed });
  const weightLr = o.weightLr ?? 0.025;
  const weightOptimizer = new SGD(supernet.weights(), { lr: weightLr, momentum: 0.9, nesterov: true, weightDecay: 5e-4 });
  const archOptimizer = strategy.learnsAlpha ? new Adam([supernet.alpha], { lr: o.archLr ?? 3e-4, betas: [0.5, 0.999], weightDecay: 1e-3 }) : null;
  const ctx: OneShotContext = { supernet, data: o.data, weightHalf, archHalf, weightOptimizer, archOptimizer, rng: new Rng(o.seed), epochs: o.epochs, batchSize, epoch: 0, log: o.log };
  const schedule = cosine(weightLr, o.epochs, 0.001);
  const history: OneShotEpoch[] = [];
  const counters = stepCounters([weightOptimizer, archOptimizer]);
  const checkpoint = o.checkpoint !== undefined && strategy.checkpointable !== false ? o.checkpoint : undefined;
  let first = 0, clock = start;
  if (checkpoint) {
    const saved = loadCheckpoint<OneShotEpoch>(checkpoint, supernet, counters, o.checkpointOwner);
    if (saved && saved.epoch > 0) {
      first = saved.epoch;
      history.push(...saved.history);
      ctx.rng.position = saved.extra?.rng ?? 0;
      // Seconds go on from where the stopped search was, so the history reads as one search.
      clock = start - 1000 * (saved.history[saved.history.length - 1]?.seconds ?? 0);
      o.log?.(`${strategy.name}: resumed from its checkpoint after epoch ${first}/${o.epochs}`);
    }
  }
  for (let epoch = first; epoch < o.epochs; epoch++) {
    ctx.epoch = epoch;
    applySchedule(weightOptimizer, schedule, epoch);
    supernet.train();
    strategy.startEpoch?.(ctx);
    let lossSum = 0, steps = 0;
    for (const [w, a] of epochBatches(ctx)) { lossSum += strategy.step(ctx, w, a); steps++; }
    strategy.endEpoch?.(ctx);
    const trainLoss = lossSum / Math.max(1, steps);
    if (!Number.isFinite(trainLoss)) throw new Error(`weight-sharing search diverged: the supernet's training loss is ${trainLoss} in epoch ${epoch + 1}; lower the weights' learning rate (lr)`);
    history.push({ epoch: epoch + 1, trainLoss, seconds: (performance.now() - clock) / 1000, probabilities: supernet.probabilities() });
    if (checkpoint) saveCheckpoint(checkpoint, supernet, counters, { epoch: epoch + 1, history, bestLoss: 0, staleEpochs: 0, extra: { rng: ctx.rng.position } }, o.checkpointOwner);
    o.onEpoch?.(history[history.length - 1]);
    // Lets what onEpoch started (a database write, a heartbeat) go out while the search continues.
    await new Promise<void>((resolve) => setImmediate(resolve));
    o.log?.(`${strategy.name} epoch ${epoch + 1}/${o.epochs}: loss ${trainLoss.toFixed(4)}, genotype ${supernet.genotype().join(',')} (${((performance.now() - clock) / 1000).toFixed(1)} s)`);
  }
  const genotype = strategy.derive(ctx);
  const arch = supernet.derive(genotype);
  const sharedScore = supernetScore(ctx, archHalf, { kind: 'path', genotype });
  return { strategy: strategy.name, learnsAlpha: strategy.learnsAlpha, genotype, arch, cell: formatCellString(arch), seconds: (performance.now() - clock) / 1000, history, sharedScore };
}
