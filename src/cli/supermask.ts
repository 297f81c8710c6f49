/**
 * `topiary supermask --dataset D [--arch A] --method zhou|edge-popup [--density P] [--init signed-constant|kaiming]
 * [--epochs E] [--out MODEL] [--json]`: flags → the library's `supermask`.
 */
import { type SupermaskRunOptions, supermask } from '../index.js';
import { stringFlags } from './args.js';
import { numberArg, stringArg } from './flag-options.js';
import { datasetRef, DATASET_FLAGS } from './dataset-flags.js';
import { recordedCommand } from './library-command.js';
import { RUN_FLAGS } from './store-flags.js';

const FLAGS = { ...stringFlags('arch method density init epochs batch-size lr seed out'), ...DATASET_FLAGS, ...RUN_FLAGS } as const;

export const supermaskCommand = recordedCommand(FLAGS, (p, store, log) => {
  return supermask({
    dataset: datasetRef(p), method: stringArg(p, 'method') as SupermaskRunOptions['method'], arch: stringArg(p, 'arch'), density: numberArg(p, 'density'),
    init: stringArg(p, 'init') as SupermaskRunOptions['init'], epochs: numberArg(p, 'epochs'), batchSize: numberArg(p, 'batch-size'), lr: numberArg(p, 'lr'),
    seed: numberArg(p, 'seed'), out: stringArg(p, 'out'), experiment: stringArg(p, 'experiment'), store, log,
  });
});
