/**
 * `topiary lottery --dataset D --arch A --rounds R --prune-rate 0.2 [--output-rate 0.1] [--rewind K | --lr-rewind]
 * [--epochs E | --iterations N] [--seeds K] [--plot FILE.svg] [--json]`: flags → the library's `lottery`.
 */
import { type LotteryRunOptions, lottery } from '../index.js';
import { optionName, stringFlags } from './args.js';
import { numberArg, stringArg } from './flag-options.js';
import { datasetRef, DATASET_FLAGS } from './dataset-flags.js';
import { recordedCommand } from './library-command.js';
import { RUN_FLAGS } from './store-flags.js';

const FLAGS = { ...stringFlags('arch rounds prune-rate output-rate scope rewind epochs iterations eval-every seeds seed batch-size lr plot'), ...DATASET_FLAGS, ...RUN_FLAGS, 'lr-rewind': 'boolean', 'no-control': 'boolean' } as const;

export const lotteryCommand = recordedCommand(FLAGS, (p, store, log) => {
  if (p.flags.has('rewind') && p.flags.has('lr-rewind')) throw new Error(`${optionName(p, 'rewind')} and ${optionName(p, 'lr-rewind')}: pick one (rewind the weights to iteration K, or keep them and rewind the learning rate)`);
  const rewind = numberArg(p, 'rewind');
  const reset: LotteryRunOptions['reset'] = p.flags.has('lr-rewind') ? { kind: 'lr-rewind' } : rewind !== undefined ? { kind: 'rewind', iteration: rewind } : undefined;
  return lottery({
    dataset: datasetRef(p), arch: stringArg(p, 'arch'), rounds: numberArg(p, 'rounds'), pruneRate: numberArg(p, 'prune-rate'), outputRate: numberArg(p, 'output-rate'),
    scope: stringArg(p, 'scope') as LotteryRunOptions['scope'], reset, epochs: numberArg(p, 'epochs'), iterations: numberArg(p, 'iterations'), evalEvery: numberArg(p, 'eval-every'),
    seeds: numberArg(p, 'seeds'), seed: numberArg(p, 'seed'), batchSize: numberArg(p, 'batch-size'), lr: numberArg(p, 'lr'), control: !p.flags.has('no-control'),
    plot: stringArg(p, 'plot'), experiment: stringArg(p, 'experiment'), store, log,
  });
});
