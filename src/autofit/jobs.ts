/**
 * What autofit's worker threads do: train a searched architecture (a trial),
 * shrink the winner with switches, and train the final network on training
 * and validation data. Running all of them in workers keeps the main thread
 * free for the study, the progress display and Ctrl-C.
 */
import { concatSplits } from '../data/dataset.js';
import { preprocessingOf } from '../data/prepare.js';
import { saveModel } from '../io/model-file.js';
import { mergeEnsemble } from '../nn/merge-ensemble.js';
import { type ModelSpec, buildModel, specOf } from '../nn/spec.js';
import { Adam } from '../optim/adam.js';
import { cosine } from '../optim/schedules.js';
import type { JobReport } from '../parallel/serve-jobs.js';
import { type TrialOutcome, type TrialTask, preparedData, score, trainTrial } from '../search/train-trial.js';
import { DEFAULT_COMPRESS, compressTrain } from '../shrink/compress.js';
import { foldSwitches } from '../shrink/fold.js';
import { switchedModel } from '../shrink/switched.js';
import { fit } from '../train/fit.js';
import { type Metrics, evaluate } from '../train/metrics.js';

/** Settings every job shares: the data (by name), the seed that fixes its splits, and the optimizer's. */
export interface JobData { dataset: string; seed: number; batchSize: number; lr: number; seconds: number; weightDecay?: number }

export interface ShrinkJob extends JobData {
  kind: 'shrink';
  /** The (widened) network to compress. */
  spec: ModelSpec;
  /** Kernel threads: the job must then be the only one running. */
  threads: number;
}
export interface ShrinkOutcome { spec: ModelSpec; valid: number; params: number; sizes: { seconds: number; sizes: number[]; valid: number }[]; stoppedBy: string }

export interface FinalJob extends JobData {
  kind: 'final';
  spec: ModelSpec;
  threads: number;
  saveTo: string;
  metadata: Record<string, unknown>;
  /**
   * Train on the training rows only and keep the epoch best on validation, instead of training on training +
   * validation rows: for networks that got worse with more training in the search (they overfit), where a
   * run without held-out rows could not tell when to stop.
   */
  holdOut: boolean;
  /** With holdOut: the learning rate anneals to 0 over this many epochs (which end the training) instead of over the time. */
  epochs?: number;
}
/** `members`: networks averaged into the final one (an ensemble merged into one layer stack; 1: a single network). */
export interface FinalOutcome { test: Metrics; params: number; epochs: number; seconds: number; model: string; bestEpoch?: number; members: number }

/** Most networks a hold-out final training averages. */
const MAX_MEMBERS = 5;

export type AutofitJob = { kind: 'trial'; task: TrialTask } | ShrinkJob | FinalJob;
export type AutofitOutcome = TrialOutcome | ShrinkOutcome | FinalOutcome;


export function runAutofitJob(job: AutofitJob, report: JobReport): AutofitOutcome {
  if (job.kind === 'trial') return trainTrial(job.task, report);
  return job.kind === 'shrink' ? shrinkJob(job) : finalJob(job);
}

function shrinkJob(job: ShrinkJob): ShrinkOutcome {
  const p = preparedData(job);
  const model = switchedModel(job.spec, job.seed);
  // The penalty is held constant and switched off for the last 30% of the time, so the survivors settle before folding.
  const r = compressTrain(model, p, { ...DEFAULT_COMPRESS, epochs: 1_000_000, seed: job.seed, batchSize: job.batchSize, lr: job.lr, lambdaDecay: 1,
    timeBudgetSeconds: job.seconds, timeSchedule: cosine(job.lr, 1), settleFraction: 0.3 });
  const folded = foldSwitches(model);
  folded.eval();
  return { spec: specOf(folded, p.dataset.inputShape), valid: score(evaluate(folded, p.validation, p)), params: folded.parameterCount(),
    sizes: r.history.map((h) => ({ seconds: h.elapsed, sizes: h.sizes, valid: score(h.val) })), stoppedBy: r.stoppedBy };
}

function finalJob(job: FinalJob): FinalOutcome {
  const started = performance.now();
  const p = preparedData(job);
  // Without hold-out the validation rows join the training rows; the validation split is then evaluated after each epoch only for the log.
  const rows = job.holdOut ? p : { ...p, train: concatSplits(p.train, p.validation) };
  const train = (seed: number, seconds: number) => {
    const model = buildModel(job.spec, seed);
    const byEpochs = job.holdOut && job.epochs !== undefined;
    const r = fit(model, rows, { epochs: byEpochs ? job.epochs! : 1_000_000, batchSize: job.batchSize, seed, optimizer: new Adam(model.trainableParameters(), { lr: job.lr, ...(job.weightDecay !== undefined ? { weightDecay: job.weightDecay } : {}) }),
      timeBudgetSeconds: seconds, ...(byEpochs ? { schedule: cosine(job.lr, job.epochs!) } : { timeSchedule: cosine(job.lr, 1) }), ...(job.holdOut ? { keepBest: score } : {}) });
    return { model, r };
  };
  const first = train(job.seed, job.seconds);
  let model = first.model;
  // A hold-out training ends at its epoch limit, usually well inside the time: the time left trains more networks
  // with other seeds, averaged into one (dense stacks only, where averaging is one wider layer stack).
  const members = [first.model];
  const mergeable = job.spec.layers.every((l) => ['dense', 'flatten', 'activation', 'dropout'].includes(l.type));
  const left = () => job.seconds - (performance.now() - started) / 1000;
  while (job.holdOut && mergeable && members.length < MAX_MEMBERS && left() > 1.5 * first.r.seconds + 0.5) {
    members.push(train(job.seed + members.length, left()).model);
  }
  if (members.length > 1) model = mergeEnsemble(members);
  model.eval();
  const test = evaluate(model, p.test, p);
  const path = saveModel(model, p.dataset.inputShape, job.saveTo, { ...job.metadata, test: score(test), members: members.length, preprocessing: preprocessingOf(p) });
  return { test, params: model.parameterCount(), epochs: first.r.history.length, seconds: (performance.now() - started) / 1000, model: path, members: members.length,
    ...(first.r.bestEpoch !== undefined ? { bestEpoch: first.r.bestEpoch } : {}) };
}
