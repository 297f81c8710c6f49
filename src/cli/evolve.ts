/**
 * `topiary evolve --dataset NAME --epochs N [--ops add,mul,...] [--ensemble K] [--seed S]`: flags → the library's
 * `evolve` (the train / prune / evolve loop, per-epoch changes, an ensemble of K independent runs).
 */
import { type EvolveRunOptions, evolve, parseOpList } from '../index.js';
import { numberList, stringFlags } from './args.js';
import { numberArg, stringArg } from './flag-options.js';
import { datasetRef, DATASET_FLAGS } from './dataset-flags.js';
import { recordedCommand } from './library-command.js';
import { RUN_FLAGS } from './store-flags.js';

const FLAGS = { ...stringFlags('epochs ops ensemble seed add-per-epoch remove-per-epoch max-ops penalty norm hidden lr batch-size time-budget checkpoint out config'), ...DATASET_FLAGS, ...RUN_FLAGS } as const;

export const evolveCommand = recordedCommand(FLAGS, (p, store, log) => {
  const ops = stringArg(p, 'ops'), hidden = stringArg(p, 'hidden');
  return evolve({
    dataset: datasetRef(p), epochs: numberArg(p, 'epochs'), ops: ops === undefined ? undefined : parseOpList(ops), ensemble: numberArg(p, 'ensemble'), seed: numberArg(p, 'seed'),
    addPerEpoch: numberArg(p, 'add-per-epoch'), removePerEpoch: numberArg(p, 'remove-per-epoch'), maxOps: numberArg(p, 'max-ops'), penalty: numberArg(p, 'penalty'),
    norm: stringArg(p, 'norm') as EvolveRunOptions['norm'], lr: numberArg(p, 'lr'), batchSize: numberArg(p, 'batch-size'), timeBudgetSeconds: numberArg(p, 'time-budget'),
    hidden: hidden === undefined ? undefined : numberList(p, 'hidden', hidden, (h) => Number.isInteger(h) && h >= 1, 'comma-separated positive integers'),
    checkpoint: stringArg(p, 'checkpoint'), out: stringArg(p, 'out'), experiment: stringArg(p, 'experiment'), store, log,
  });
});
