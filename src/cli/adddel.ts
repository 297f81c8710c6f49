/**
 * `topiary adddel --dataset D [--max-units N] [--start 2] [--epochs-per-step 2] [--patience 3] [--grid 2,4,…]
 * [--plot FILE.svg] [--json]`: flags → the library's `addDelRun`.
 */
import { addDelRun } from '../index.js';
import { stringFlags } from './args.js';
import { numberArg, stringArg, numberListArg } from './flag-options.js';
import { datasetRef, DATASET_FLAGS } from './dataset-flags.js';
import { recordedCommand } from './library-command.js';
import { RUN_FLAGS } from './store-flags.js';

const FLAGS = { ...stringFlags('max-units start epochs-per-step patience grid batch-size lr seed plot tolerance'), ...DATASET_FLAGS, ...RUN_FLAGS } as const;

export const addDelCommand = recordedCommand(FLAGS, (p, store, log) => {
  return addDelRun({
    dataset: datasetRef(p), maxUnits: numberArg(p, 'max-units'), start: numberListArg(p, 'start'), epochsPerStep: numberArg(p, 'epochs-per-step'), patience: numberArg(p, 'patience'),
    grid: numberListArg(p, 'grid'), batchSize: numberArg(p, 'batch-size'), lr: numberArg(p, 'lr'), seed: numberArg(p, 'seed'), tolerance: numberArg(p, 'tolerance'),
    plot: stringArg(p, 'plot'), experiment: stringArg(p, 'experiment'), store, log,
  });
});
