/** The training loop: epochs of shuffled mini-batches with validation, early stopping, a time budget and checkpoints. */
import type { Prepared } from '../data/prepare.js';
import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LrSchedule } from '../optim/schedules.js';
import { type CheckpointOwner, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { trainEpoch } from './epoch.js';
import { TimeBudget } from './time-budget.js';
import { type Metrics, evaluate } from './metrics.js';

export interface EpochLog {
  epoch: number;
  loss: number;
  val: Metrics;
  lr: number;
  seconds: number;
}

/** Shaped like TensorFlow.js's callbacks; returning 'stop' from onEpochEnd ends training. */
export interface Callbacks {
  onTrainBegin?(): void;
  onEpochBegin?(epoch: number): void;
  onBatchEnd?(batch: number, loss: number, batchesPerEpoch: number): void;
  onEpochEnd?(log: EpochLog): void | 'stop';
  onTrainEnd?(history: EpochLog[], stoppedBy: StopReason): void;
}

export type StopReason = 'epochs' | 'early-stopping' | 'time-budget' | 'callback';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  optimizer: Optimizer;
  seed: number;
  /** Learning rate per epoch. */
  schedule?: LrSchedule;
  /** Learning rate by the fraction of the time budget spent (0 to 1), set after every batch; needs timeBudgetSeconds and replaces `schedule`. */
  timeSchedule?: LrSchedule;
  /** Stop when validation loss has not improved for this many epochs. */
  patience?: number;
  timeBudgetSeconds?: number;
  callbacks?: Callbacks;
  /** Path stem for checkpoints after every epoch; an existing checkpoint there is resumed. */
  checkpoint?: string;
  /** What the checkpoint belongs to: an existing checkpoint with other values is refused, not resumed. */
  checkpointOwner?: CheckpointOwner;
  /**
   * Keep the weights of the epoch whose validation metrics score highest by this function and end with them
   * (early stopping without stopping: later epochs may still be better).
   */
  keepBest?: (val: Metrics) => number;
}

/** `bestEpoch`: with keepBest, the epoch (1-based) whose weights the model ends with. */
export interface FitResult { history: EpochLog[]; stoppedBy: StopReason; seconds: number; resumedFromEpoch: number; bestEpoch?: number }

export function fit(model: Module, data: Prepared, opts: FitOptions): FitResult {
  if (!(opts.epochs >= 1 && Number.isInteger(opts.epochs))) throw new Error(`fit: epochs must be a positive integer, got ${opts.epochs}`);
  if (!(opts.batchSize >= 1 && Number.isInteger(opts.batchSize))) throw new Error(`fit: batchSize must be a positive integer, got ${opts.batchSize}`);
  const budget = new TimeBudget(opts.timeBudgetSeconds, opts.timeSchedule, 'fit');
  const cb = opts.callbacks ?? {};
  let history: EpochLog[] = [], bestLoss = Infinity, stale = 0, first = 0;
  if (opts.checkpoint) {
    const st = loadCheckpoint<EpochLog>(opts.checkpoint, model, opts.optimizer, opts.checkpointOwner);
    if (st) { history = st.history; bestLoss = st.bestLoss; stale = st.staleEpochs; first = st.epoch; }
  }
  const resumedFromEpoch = first;
  const baseLr = opts.optimizer.lr;
  const perEpoch = Math.ceil(data.train.n / opts.batchSize);
  let stoppedBy: StopReason = 'epochs';
  const params = model.parameters();
  let best: { score: number; epoch: number; weights: Float32Array[] } | null = null;
  cb.onTrainBegin?.();
  for (let epoch = first; epoch < opts.epochs; epoch++) {
    if (budget.spent()) { stoppedBy = 'time-budget'; break; }
    const t0 = performance.now();
    opts.optimizer.lr = budget.lr(opts.schedule ? opts.schedule.at(epoch) : baseLr);
    cb.onEpochBegin?.(epoch);
    const { loss, stoppedEarly: outOfTime } = trainEpoch(model, data, {
      optimizer: opts.optimizer, batchSize: opts.batchSize, seed: opts.seed, epoch,
      afterBatch: (b, batchLoss) => {
        opts.optimizer.lr = budget.lr(opts.optimizer.lr);
        cb.onBatchEnd?.(b, batchLoss, perEpoch);
        return budget.spent();
      },
    });
    const val = evaluate(model, data.validation, data);
    const log: EpochLog = { epoch: epoch + 1, loss, val, lr: opts.optimizer.lr, seconds: (performance.now() - t0) / 1000 };
    history.push(log);
    if (val.loss < bestLoss - 1e-9) { bestLoss = val.loss; stale = 0; } else stale++;
    if (opts.keepBest) {
      const score = opts.keepBest(val);
      if (best === null || score > best.score) best = { score, epoch: epoch + 1, weights: params.map((q) => q.data.slice()) };
    }
    if (opts.checkpoint) saveCheckpoint(opts.checkpoint, model, opts.optimizer, { epoch: epoch + 1, history, bestLoss, staleEpochs: stale }, opts.checkpointOwner);
    if (cb.onEpochEnd?.(log) === 'stop') { stoppedBy = 'callback'; break; }
    if (outOfTime) { stoppedBy = 'time-budget'; break; }
    if (opts.patience !== undefined && stale >= opts.patience) { stoppedBy = 'early-stopping'; break; }
  }
  if (best) params.forEach((q, i) => q.data.set(best!.weights[i]));
  const result = { history, stoppedBy, seconds: budget.elapsed(), resumedFromEpoch, ...(best ? { bestEpoch: best.epoch } : {}) };
  cb.onTrainEnd?.(history, stoppedBy);
  return result;
}
