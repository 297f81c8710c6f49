/** `topiary study shrink`: flags → the library's `shrinkStudy` (the journal's λ × depth × seed × dataset grid). */
import { shrinkStudy } from '../index.js';
import { stringFlags } from './args.js';
import { numberArg, numberListArg, stringArg } from './flag-options.js';
import { recordedCommand } from './library-command.js';
import { shrinkSettingFlags } from './shrink.js';
import { STORE_FLAGS } from './store-flags.js';

const FLAGS = {
  ...stringFlags('datasets lambdas depths seeds first-seed time-budget width-scale lambda-decay lambda-decay-every lr-schedule switch-lr-scale settle data-dir out'),
  json: 'boolean', ...STORE_FLAGS,
} as const;

export const studyShrinkCommand = recordedCommand(FLAGS, (p, store, log) => shrinkStudy({
  datasets: stringArg(p, 'datasets')?.split(','), dataDir: stringArg(p, 'data-dir'), lambdas: numberListArg(p, 'lambdas'), depths: numberListArg(p, 'depths'),
  seeds: numberArg(p, 'seeds'), firstSeed: numberArg(p, 'first-seed'), timeBudgetSeconds: numberArg(p, 'time-budget'), widthScale: numberArg(p, 'width-scale'),
  ...shrinkSettingFlags(p), out: stringArg(p, 'out'), store, log,
}));
