/**
 * `topiary wann --task xor|swingup|mnist256 [--population P] [--generations G] [--time-budget S] [--seed N]
 * [--episodes E] [--workers W] [--checkpoint FILE] [--out DIR] [--data-dir D] [--json]`: flags → the library's `wann`.
 */
import { type WannRunOptions, wann } from '../index.js';
import { stringFlags } from './args.js';
import { numberArg, stringArg } from './flag-options.js';
import { recordedCommand } from './library-command.js';
import { RUN_FLAGS } from './store-flags.js';

const FLAGS = { ...stringFlags('task population generations time-budget seed episodes workers checkpoint out data-dir'), ...RUN_FLAGS } as const;

export const wannCommand = recordedCommand(FLAGS, (p, store, log) => {
  return wann({
    task: stringArg(p, 'task') as WannRunOptions['task'], population: numberArg(p, 'population'), generations: numberArg(p, 'generations'),
    timeBudgetSeconds: numberArg(p, 'time-budget'), seed: numberArg(p, 'seed'), episodes: numberArg(p, 'episodes'), workers: numberArg(p, 'workers'),
    dataDir: stringArg(p, 'data-dir'), checkpoint: stringArg(p, 'checkpoint'), out: stringArg(p, 'out'), experiment: stringArg(p, 'experiment'), store, log,
  });
});
