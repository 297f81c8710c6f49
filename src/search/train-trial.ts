/** One trial of a real-training search: build the architecture, train it with `fit`, score it on validation and test. */
import { headlineScore } from '../train/metric-vocabulary.js';
import { datasetByName } from '../data/in-memory.js';
import { takeRows } from '../data/dataset.js';
import { type Prepared, prepare, preprocessingOf } from '../data/prepare.js';
import { existsSync } from 'node:fs';
import { Rng } from '../core/random.js';
import { applyMorphism } from '../grow/index.js';
import type { ArchModel } from '../arch/build.js';
import { loadModel, saveModel } from '../io/model-file.js';
import { Sequential } from '../nn/sequential.js';
import { Adam } from '../optim/adam.js';
import { cosine } from '../optim/schedules.js';
import { fit } from '../train/fit.js';
import { type Metrics, type TrainingSettings, evaluate } from '../train/metrics.js';
import { modelEvidence } from '../train/model-evidence.js';
import { trainableSpace } from './spaces/index.js';
import type { Tuning } from './spaces/tuned.js';
import type { Inheritance, TrainableSpace } from './trainable-space.js';

/** `seed` seeds the data split and the weights (the same for every trial of a search, so trials differ only in architecture). */
export interface TrialTask extends TrainingSettings {
  /** A trainable space by name (TRAINABLE_SPACES) and one of its architectures. */
  space: string;
  params: unknown;
  /** The width of a cell space (its default when absent). */
  channels?: number;
  dataset: string;
  dataDir?: string;
  /** Train on at most this many rows (a cheaper proxy). */
  maxTrain?: number;
  /**
   * Train for at most this many seconds, the learning rate annealed to 0 over them (cosine), so that trials of
   * different sizes are compared at the same cost; `epochs` still caps the epochs.
   */
  timeBudgetSeconds?: number;
  /** Save the trained model here (a model-file path stem), so a found architecture can be exported. */
  saveTo?: string;
  /** Score the trial by its best epoch on validation (its weights kept), not its last. */
  keepBest?: boolean;
  /** Start from this saved model (a parent trial's weights, a model-file stem) as the space's lineage says, not from a fresh build. */
  inherit?: { model: string } & Inheritance;
  /** Stop when the validation loss has not improved for this many epochs (early stopping). */
  patience?: number;
  /** Training settings searched with the architecture (spaces/tuned.ts): each trial trains with its own, in place of lr, batchSize and weight decay here. */
  tune?: Tuning[];
  /** Also report the network's Laplace log evidence (training data only) as metric `evidence`, by this method. */
  evidence?: string;
}

/** `bestEpoch`: with keepBest, the epoch whose weights were kept. */
export interface TrialOutcome { valid: number; test: number; params: number; seconds: number; epochs: number; pruned: boolean; model?: string; bestEpoch?: number; evidence?: number }

/** Called after every epoch with the validation score so far; 'stop' ends the trial there (pruned). */
export type EpochReport = (epoch: number, metrics: { valid: number; params: number; seconds: number }) => 'stop' | void;

/** Accuracy in %, or R² × 100 for regression, so that higher is better either way. */
export const score = (m: Metrics) => 100 * headlineScore(m);

const prepared = new Map<string, Prepared>();
/** The prepared splits of a task's data, kept for the thread's later tasks on the same data (preparing copies every row). */
export function preparedData(task: Pick<TrialTask, 'dataset' | 'dataDir' | 'seed' | 'maxTrain'>): Prepared {
  const key = JSON.stringify([task.dataset, task.dataDir, task.seed, task.maxTrain]);
  let p = prepared.get(key);
  if (!p) {
    p = prepare(datasetByName(task.dataset, task.dataDir, task.seed), { seed: task.seed });
    const width = p.train.x.length / p.train.n;
    if (task.maxTrain !== undefined && task.maxTrain < p.train.n) p = { ...p, train: takeRows(p.train, [...Array(task.maxTrain).keys()], width) };
    prepared.set(key, p);
  }
  return p;
}

/**
 * The parent's trained network made into this trial's: by the space's own `inherit` when given `child`, else grown
 * by the lineage's steps; a parent whose weights are gone fails this trial, naming the file.
 */
export function inheritedModel(inherit: NonNullable<TrialTask['inherit']>, inputShape: number[], seed: number,
  child?: { space: TrainableSpace; params: unknown; outputs: number }): Sequential | ArchModel {
  if (!existsSync(`${inherit.model}.json`)) {
    throw new Error(`parent trial ${inherit.parent} has no saved weights at ${inherit.model}.json (deleted or never written): this trial cannot inherit them`);
  }
  const { model } = loadModel(inherit.model);
  if (inherit.whole) return model;
  if (child?.space.inherit) return child.space.inherit(child.params, model, inputShape, child.outputs, seed);
  if (!(model instanceof Sequential)) throw new Error(`parent trial ${inherit.parent}'s model ${inherit.model}.json is a cell network; only layer stacks grow by morphisms`);
  const rng = new Rng(seed * 7919 + inherit.parent);
  for (const step of inherit.steps ?? []) applyMorphism(model, step, { rng, inputShape });
  return model;
}

export function trainTrial(task: TrialTask, onEpoch?: EpochReport): TrialOutcome {
  const start = performance.now();
  const space = trainableSpace(task.space, 'trial space', task.channels !== undefined ? { channels: task.channels } : undefined, task.tune);
  const { lr = task.lr, batchSize = task.batchSize, weightDecay } = space.training?.(task.params) ?? {};
  const p = preparedData(task);
  const outputs = p.dataset.task === 'classification' ? p.dataset.classes! : 1;
  const model = task.inherit ? inheritedModel(task.inherit, p.dataset.inputShape, task.seed, { space, params: task.params, outputs })
    : space.build(task.params, p.dataset.inputShape, outputs, task.seed);
  const r = fit(model, p, {
    epochs: task.epochs, ...(task.patience !== undefined ? { patience: task.patience } : {}), batchSize, seed: task.seed, optimizer: new Adam(model.trainableParameters(), { lr, ...(weightDecay !== undefined ? { weightDecay } : {}) }),
    ...(task.timeBudgetSeconds !== undefined ? { timeBudgetSeconds: task.timeBudgetSeconds, timeSchedule: cosine(lr, 1) } : {}),
    ...(task.keepBest ? { keepBest: score } : {}),
    callbacks: { onEpochEnd: (log) => onEpoch?.(log.epoch, { valid: score(log.val), params: model.parameterCount(), seconds: (performance.now() - start) / 1000 }) },
  });
  model.eval();
  const valid = score(evaluate(model, p.validation, p)), test = score(evaluate(model, p.test, p));
  const evidence = task.evidence ? modelEvidence(task.evidence, model, p).logEvidence : undefined;
  const saved = task.saveTo ? saveModel(model, p.dataset.inputShape, task.saveTo, { dataset: task.dataset, seed: task.seed, space: task.space, params: task.params, valid, test, preprocessing: preprocessingOf(p) }) : undefined;
  return { valid, test, params: model.parameterCount(), seconds: (performance.now() - start) / 1000, epochs: r.history.length, pruned: r.stoppedBy === 'callback', ...(saved ? { model: saved } : {}),
    ...(r.bestEpoch !== undefined ? { bestEpoch: r.bestEpoch } : {}), ...(evidence !== undefined ? { evidence } : {}) };
}
