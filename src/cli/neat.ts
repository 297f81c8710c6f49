/**
 * `topiary neat --task xor [--runs 100] [--population 150] [--max-generations 500] [--seed 0] [--checkpoint STEM] [--json]`
 * or `--task swingup|mnist256 [--generations G] [--time-budget S] [--out DIR]`: flags → the library's `neat`.
 */
import { type NeatRunOptions, neat } from '../index.js';
import { parseArgs } from './args.js';
import { numberArg, stringArg, withFlagNames } from './flag-options.js';
import { STORE_FLAGS, withRunStore } from './store-flags.js';

export function neatCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { task: 'string', runs: 'string', population: 'string', 'max-generations': 'string', seed: 'string', checkpoint: 'string', json: 'boolean',
    generations: 'string', 'time-budget': 'string', out: 'string', 'data-dir': 'string', experiment: 'string', ...STORE_FLAGS });
  // xor runs are not recorded (each is seconds); the other tasks are one recorded run.
  const task = stringArg(p, 'task') as NeatRunOptions['task'];
  const options: NeatRunOptions = {
    task, runs: numberArg(p, 'runs'), population: numberArg(p, 'population'), maxGenerations: numberArg(p, 'max-generations'), seed: numberArg(p, 'seed'),
    generations: numberArg(p, 'generations'), timeBudgetSeconds: numberArg(p, 'time-budget'), dataDir: stringArg(p, 'data-dir'), checkpoint: stringArg(p, 'checkpoint'),
    out: stringArg(p, 'out'), experiment: stringArg(p, 'experiment'), log,
  };
  if (task === undefined || task === 'xor') return withFlagNames(p, () => neat(options));
  return withRunStore(p, (store) => withFlagNames(p, () => neat({ ...options, store })));
}
