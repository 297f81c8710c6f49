/**
 * `topiary shrink --dataset NAME [--layers 1..4 [--start-width W] | --arch mlp:…|cnn:…] --time-budget S`:
 * flags → the library's `shrinkAndCompare` (compress training from a wide start, then a fixed-size network of the
 * size it reached trained for the same time, and a report comparing the two).
 */
import { type ShrinkAndCompareOptions, shrinkAndCompare } from '../index.js';
import { type Parsed, stringFlags } from './args.js';
import { numberArg, stringArg } from './flag-options.js';
import { datasetRef } from './dataset-flags.js';
import { recordedCommand } from './library-command.js';
import { RUN_FLAGS } from './store-flags.js';

const FLAGS = { ...stringFlags('dataset arch epochs time-budget lambda lambda-decay lr weight-decay rule batch-size seed data-dir target out report config layers start-width lambda-decay-every lr-schedule switch-lr-scale settle'), ...RUN_FLAGS } as const;

/** The λ schedule, learning-rate shape, switch rate and settling flags (shared with `study shrink`). */
export const shrinkSettingFlags = (p: Parsed) => ({
  lambdaDecay: numberArg(p, 'lambda-decay'), lambdaDecayEvery: numberArg(p, 'lambda-decay-every'),
  lrSchedule: stringArg(p, 'lr-schedule') as ShrinkAndCompareOptions['lrSchedule'], switchLrScale: numberArg(p, 'switch-lr-scale'), settle: numberArg(p, 'settle'),
});

export const shrinkCommand = recordedCommand(FLAGS, (p, store, log) => {
  return shrinkAndCompare({
    dataset: datasetRef(p), arch: stringArg(p, 'arch'), layers: numberArg(p, 'layers'), startWidth: numberArg(p, 'start-width'),
    timeBudgetSeconds: numberArg(p, 'time-budget'), epochs: numberArg(p, 'epochs'), lambda: numberArg(p, 'lambda'), lr: numberArg(p, 'lr'),
    weightDecay: numberArg(p, 'weight-decay'), rule: stringArg(p, 'rule') as ShrinkAndCompareOptions['rule'], batchSize: numberArg(p, 'batch-size'),
    seed: numberArg(p, 'seed'), out: stringArg(p, 'out'), report: stringArg(p, 'report'), ...shrinkSettingFlags(p), experiment: stringArg(p, 'experiment'), store, log,
  });
});
