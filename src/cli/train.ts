/** `topiary train`: load a dataset, build a model from --arch, fit, report, optionally save. */
import { setThreads } from '../core/backend.js';
import { prepare, preprocessingOf } from '../data/prepare.js';
import { saveModel } from '../io/model-file.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { layerGraphSpec } from '../arch/layer-graph-file.js';
import { Adam, AdamW } from '../optim/adam.js';
import { AdaMax } from '../optim/adamax.js';
import type { Optimizer } from '../optim/optimizer.js';
import { SGD } from '../optim/sgd.js';
import { type LrSchedule, cosine, stepDecay } from '../optim/schedules.js';
import type { Parameter } from '../nn/parameter.js';
import { evaluate } from '../train/metrics.js';
import { fit } from '../train/fit.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { datasetFromFlags } from './dataset-flags.js';
import { applyConfig } from './config.js';
import { checkOutputs } from './outputs.js';
import { type EpochRecorder, recordedRun } from './recorded-run.js';
import { progress } from './progress.js';

const OPTIMIZERS: Record<string, (p: Parameter[], lr: number) => Optimizer> = {
  adam: (p, lr) => new Adam(p, { lr }),
  adamw: (p, lr) => new AdamW(p, { lr }),
  adamax: (p, lr) => new AdaMax(p, { lr }),
  sgd: (p, lr) => new SGD(p, { lr, momentum: 0.9, nesterov: true }),
};

const FLAGS = {
  arch: 'string', dataset: 'string', epochs: 'string', 'batch-size': 'string', lr: 'string', optimizer: 'string',
  seed: 'string', 'time-budget': 'string', 'data-dir': 'string', out: 'string', target: 'string', task: 'string',
  checkpoint: 'string', patience: 'string', threads: 'string', schedule: 'string', db: 'string', storage: 'string', experiment: 'string',
  config: 'string', 'no-store': 'boolean', json: 'boolean',
} as const;

export async function trainCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  applyConfig(p, FLAGS);
  const seed = numberFlag(p, 'seed', 0, Number.isInteger, 'an integer');
  const epochs = intFlag(p, 'epochs', 10, 1);
  const batchSize = intFlag(p, 'batch-size', 128, 1);
  const lr = numberFlag(p, 'lr', 1e-3, (v) => v > 0, 'a positive number');
  const budget = p.flags.has('time-budget') ? numberFlag(p, 'time-budget', 0, (v) => v > 0, 'seconds > 0') : undefined;
  const patience = p.flags.has('patience') ? intFlag(p, 'patience', 0, 1) : undefined;
  if (p.flags.has('threads')) setThreads(intFlag(p, 'threads', 1, 1));
  const optName = String(p.flags.get('optimizer') ?? 'adam');
  const makeOpt = OPTIMIZERS[optName];
  if (!makeOpt) throw new Error(`${optionName(p, 'optimizer')}: got "${optName}"; expected one of ${Object.keys(OPTIMIZERS).join(', ')}`);
  const scheduleName = String(p.flags.get('schedule') ?? 'cosine');
  const SCHEDULES: Record<string, LrSchedule | undefined> = {
    constant: undefined, cosine: cosine(lr, epochs), step: stepDecay(lr, Math.max(1, Math.ceil(epochs / 3)), 0.1),
  };
  if (!(scheduleName in SCHEDULES)) throw new Error(`${optionName(p, 'schedule')}: got "${scheduleName}"; expected one of ${Object.keys(SCHEDULES).join(', ')}`);

  checkOutputs(p, { out: 'file' });
  const data = datasetFromFlags(p, seed);
  const prep = prepare(data, { seed });
  const inSize = data.inputShape.reduce((a, b) => a * b, 1);
  const outSize = data.task === 'classification' ? data.classes! : 1;
  const arch = String(p.flags.get('arch') ?? `mlp:${inSize}-256-${outSize}`);
  // layer-graph:FILE: a node list (e.g. a DeepSwarm trial's) from a JSON file.
  const spec = arch.startsWith('layer-graph:') ? layerGraphSpec(arch.slice(12), data.inputShape, outSize) : parseArch(arch, data.inputShape);
  const last = spec.layers[spec.layers.length - 1];
  if (last.type === 'dense' && last.out !== outSize) throw new Error(`--arch: output size ${last.out} does not match the dataset's ${outSize} ${data.task === 'classification' ? 'classes' : 'target'}`);
  const model = buildModel(spec, seed);
  const opt = makeOpt(model.trainableParameters(), lr);
  log(`training ${arch} on ${data.name} (${prep.train.n} train / ${prep.validation.n} validation / ${prep.test.n} test), ${epochs} epochs, ${optName} lr ${lr}`);
  return recordedRun(p, String(p.flags.get('experiment') ?? 'default'), 'train', {
    dataset: data.name, arch, epochs, batchSize, lr, optimizer: optName, schedule: scheduleName, seed, timeBudget: budget ?? null, patience: patience ?? null,
  }, trainAndReport, log);

  function trainAndReport(recordEpoch: EpochRecorder): Record<string, unknown> {
  const bar = progress(log);
  const result = fit(model, prep, {
    epochs, batchSize, optimizer: opt, seed, timeBudgetSeconds: budget, patience, schedule: SCHEDULES[scheduleName],
    checkpoint: p.flags.get('checkpoint') as string | undefined,
    checkpointOwner: { dataset: data.name, arch, optimizer: optName, seed, batchSize, lr, schedule: scheduleName },
    callbacks: {
      onBatchEnd: (b, loss, total) => bar.update(b + 1, total, `loss ${loss.toFixed(4)}`),
      onEpochEnd: (e) => {
        bar.done();
        const v = e.val.accuracy !== undefined ? `val acc ${(e.val.accuracy * 100).toFixed(2)}%` : `val R² ${e.val.r2!.toFixed(4)}`;
        log(`epoch ${e.epoch}/${epochs}  loss ${e.loss.toFixed(4)}  val loss ${e.val.loss.toFixed(4)}  ${v}  ${e.seconds.toFixed(1)}s`);
        const m: Record<string, number> = { loss: e.loss, valLoss: e.val.loss, lr: e.lr, seconds: e.seconds };
        if (e.val.accuracy !== undefined) m.valAccuracy = e.val.accuracy;
        if (e.val.r2 !== undefined) m.valR2 = e.val.r2;
        recordEpoch(e.epoch, m);
      },
    },
  });
  const test = evaluate(model, prep.test, prep);
  const summary: Record<string, unknown> = {
    dataset: data.name, arch, epochs: result.history.length, stoppedBy: result.stoppedBy,
    params: model.parameterCount(), seconds: Number(result.seconds.toFixed(3)), testLoss: test.loss,
  };
  if (test.accuracy !== undefined) summary.testAccuracy = test.accuracy;
  if (test.r2 !== undefined) { summary.testR2 = test.r2; summary.testMSE = test.mse; }
  const out = p.flags.get('out');
  if (typeof out === 'string') {
    summary.model = saveModel(model, data.inputShape, out, { dataset: data.name, arch, seed, test, trainedWith: 'topiary train', preprocessing: preprocessingOf(prep) });
  }
  log(test.accuracy !== undefined ? `test accuracy ${(test.accuracy * 100).toFixed(2)}%` : `test R² ${test.r2!.toFixed(4)}  MSE ${test.mse!.toFixed(4)}`);
  return summary;
  }
}
