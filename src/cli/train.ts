/** `topiary train`: flags → the library's `train` (build a model from --arch, fit, report, optionally save). */
import { setThreads, train } from '../index.js';
import { intFlag, stringFlags } from './args.js';
import { numberArg, stringArg } from './flag-options.js';
import { datasetRef, DATASET_FLAGS } from './dataset-flags.js';
import { progress } from './progress.js';
import { recordedCommand } from './library-command.js';
import { RUN_FLAGS } from './store-flags.js';

const FLAGS = { ...stringFlags('arch epochs batch-size lr optimizer seed time-budget out checkpoint patience threads schedule config'), ...DATASET_FLAGS, ...RUN_FLAGS } as const;

export const trainCommand = recordedCommand(FLAGS, (p, store, log) => {
  if (p.flags.has('threads')) setThreads(intFlag(p, 'threads', 1, 1));
  const bar = progress(log);
  return train({
    dataset: datasetRef(p), arch: stringArg(p, 'arch'), epochs: numberArg(p, 'epochs'), batchSize: numberArg(p, 'batch-size'), lr: numberArg(p, 'lr'),
    optimizer: stringArg(p, 'optimizer'), schedule: stringArg(p, 'schedule'), seed: numberArg(p, 'seed'), timeBudgetSeconds: numberArg(p, 'time-budget'),
    patience: numberArg(p, 'patience'), checkpoint: stringArg(p, 'checkpoint'), out: stringArg(p, 'out'), experiment: stringArg(p, 'experiment'), store, log,
    onBatch: (b, loss, total) => bar.update(b + 1, total, `loss ${loss.toFixed(4)}`), onEpoch: () => bar.done(),
  });
});
