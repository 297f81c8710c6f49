/**
 * Plain training as a recorded run: a model built from an architecture string (or a layer-graph file), fitted with a
 * named optimizer and schedule, scored on the test split, optionally saved. It is what `topiary train` does and the
 * baseline every structure-finding method is compared against.
 */
import { layerGraphSpec } from '../arch/layer-graph-file.js';
import { intOption, numberOption, optionalNumber, OptionError, seedOption } from '../core/option-error.js';
import { type DatasetSource, preparedData } from '../data/source.js';
import { preprocessingOf } from '../data/prepare.js';
import { saveModel } from '../io/model-file.js';
import { ensureWritable } from '../io/writable.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { optimizerByName, scheduleByName } from '../optim/by-name.js';
import { type RunOptions, recordedCall } from '../store/record-run.js';
import type { EpochLog } from '../train/fit.js';
import { fit } from '../train/fit.js';
import { evaluate, formatValidation } from '../train/metrics.js';
import { splitMetrics } from '../train/metric-vocabulary.js';

export interface TrainOptions extends RunOptions {
  dataset: DatasetSource;
  /** `mlp:…`, `cnn:…` or another architecture string, or `layer-graph:FILE` (default: one hidden layer of 256). */
  arch?: string;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** adam (default), adamw, adamax or sgd (Nesterov momentum 0.9). */
  optimizer?: string;
  /** cosine (default), step or constant. */
  schedule?: string;
  seed?: number;
  timeBudgetSeconds?: number;
  /** Stop when the validation loss has not improved for this many epochs. */
  patience?: number;
  /** Path stem for a checkpoint after every epoch; a checkpoint already there is resumed. */
  checkpoint?: string;
  /** Where to save the trained model. */
  out?: string;
  onEpoch?: (epoch: EpochLog) => void;
  onBatch?: (batch: number, loss: number, batches: number) => void;
}

export interface TrainResult extends Record<string, unknown> {
  dataset: string; arch: string; epochs: number; stoppedBy: string; params: number; seconds: number; testLoss: number;
  testAccuracy?: number; testR2?: number; testMSE?: number; model?: string; runId?: number;
}

export async function train(options: TrainOptions): Promise<TrainResult> {
  const log = options.log ?? (() => {});
  const seed = seedOption(options.seed);
  const epochs = intOption(options.epochs, 'epochs', 10, 1);
  const batchSize = intOption(options.batchSize, 'batchSize', 128, 1);
  const lr = numberOption(options.lr, 'lr', 1e-3, (v) => v > 0, 'a positive number');
  const budget = optionalNumber(options.timeBudgetSeconds, 'timeBudgetSeconds', (v) => v > 0, 'seconds > 0');
  const patience = options.patience === undefined ? undefined : intOption(options.patience, 'patience', 1, 1);
  const optName = options.optimizer ?? 'adam', scheduleName = options.schedule ?? 'cosine';
  const schedule = scheduleByName(scheduleName, lr, epochs);
  const makeOptimizer = optimizerByName(optName);
  if (options.out !== undefined) ensureWritable(options.out, 'file', 'out');
  const { data, prep, inSize, outSize } = preparedData(options.dataset, seed, log);
  const arch = options.arch ?? `mlp:${inSize}-256-${outSize}`;
  // layer-graph:FILE: a node list (e.g. a DeepSwarm trial's) from a JSON file.
  const spec = arch.startsWith('layer-graph:') ? layerGraphSpec(arch.slice(12), data.inputShape, outSize) : parseArch(arch, data.inputShape);
  const last = spec.layers[spec.layers.length - 1];
  if (last.type === 'dense' && last.out !== outSize) throw new OptionError('arch', `output size ${last.out} does not match the dataset's ${outSize} ${data.task === 'classification' ? 'classes' : 'target'}`);
  const model = buildModel(spec, seed);
  const optimizer = makeOptimizer(model.trainableParameters(), lr);
  log(`training ${arch} on ${data.name} (${prep.train.n} train / ${prep.validation.n} validation / ${prep.test.n} test), ${epochs} epochs, ${optName} lr ${lr}`);
  const params = { dataset: data.name, arch, epochs, batchSize, lr, optimizer: optName, schedule: scheduleName, seed, timeBudget: budget ?? null, patience: patience ?? null };
  return recordedCall(options, 'default', 'train', params, (recordEpoch) => {
    const result = fit(model, prep, {
      epochs, batchSize, optimizer, seed, timeBudgetSeconds: budget, patience, schedule, checkpoint: options.checkpoint,
      checkpointOwner: { dataset: data.name, arch, optimizer: optName, seed, batchSize, lr, schedule: scheduleName },
      callbacks: {
        onBatchEnd: options.onBatch,
        onEpochEnd: (e) => {
          options.onEpoch?.(e);
          log(`epoch ${e.epoch}/${epochs}  loss ${e.loss.toFixed(4)}  val loss ${e.val.loss.toFixed(4)}  ${formatValidation(e.val)}  ${e.seconds.toFixed(1)}s`);
          recordEpoch(e.epoch, { 'train.loss': e.loss, ...splitMetrics('valid', e.val), lr: e.lr, seconds: e.seconds });
        },
      },
    });
    const test = evaluate(model, prep.test, prep);
    const summary: TrainResult = {
      dataset: data.name, arch, epochs: result.history.length, stoppedBy: result.stoppedBy,
      params: model.parameterCount(), seconds: Number(result.seconds.toFixed(3)), testLoss: test.loss,
    };
    if (test.accuracy !== undefined) summary.testAccuracy = test.accuracy;
    if (test.r2 !== undefined) { summary.testR2 = test.r2; summary.testMSE = test.mse; }
    if (options.out !== undefined) {
      summary.model = saveModel(model, data.inputShape, options.out, { dataset: data.name, arch, seed, test, trainedWith: 'topiary train', preprocessing: preprocessingOf(prep) });
    }
    log(test.accuracy !== undefined ? `test accuracy ${(test.accuracy * 100).toFixed(2)}%` : `test R² ${test.r2!.toFixed(4)}  MSE ${test.mse!.toFixed(4)}`);
    return summary;
  });
}
