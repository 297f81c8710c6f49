/**
 * `topiary grow --dataset NAME [--layers L] [--start-width W] --time-budget S`: flags → the library's `grow` (grow
 * and shrink an MLP in one run, then a fixed network of the width it found, trained as long).
 */
import { type GrowCallOptions, grow } from '../index.js';
import { stringFlags } from './args.js';
import { numberArg, stringArg } from './flag-options.js';
import { datasetRef, DATASET_FLAGS } from './dataset-flags.js';
import { recordedCommand } from './library-command.js';
import { RUN_FLAGS } from './store-flags.js';

const FLAGS = { ...stringFlags('layers start-width time-budget grow-factor grow-mode lambda lr batch-size seed out report plot config'), ...DATASET_FLAGS, ...RUN_FLAGS } as const;

export const growCommand = recordedCommand(FLAGS, (p, store, log) => {
  return grow({
    dataset: datasetRef(p), layers: numberArg(p, 'layers'), startWidth: numberArg(p, 'start-width'), timeBudgetSeconds: numberArg(p, 'time-budget'),
    growFactor: numberArg(p, 'grow-factor'), growMode: stringArg(p, 'grow-mode') as GrowCallOptions['growMode'], lambda: numberArg(p, 'lambda'), lr: numberArg(p, 'lr'),
    batchSize: numberArg(p, 'batch-size'), seed: numberArg(p, 'seed'), report: stringArg(p, 'report'), plot: stringArg(p, 'plot'), out: stringArg(p, 'out'),
    experiment: stringArg(p, 'experiment'), store, log,
  });
});
