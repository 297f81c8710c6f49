/** `topiary study shrink`: flags → the library's `shrinkStudy` (the journal's λ × depth × seed × dataset grid). */
import { shrinkStudy } from '../index.js';
import { numberList, parseArgs } from './args.js';
import { numberArg, stringArg, withFlagNames } from './flag-options.js';
import { shrinkSettingFlags } from './shrink.js';
import { STORE_FLAGS, withRunStore } from './store-flags.js';

export async function studyShrinkCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { datasets: 'string', lambdas: 'string', depths: 'string', seeds: 'string', 'first-seed': 'string', 'time-budget': 'string', 'width-scale': 'string',
    'lambda-decay': 'string', 'lambda-decay-every': 'string', 'lr-schedule': 'string', 'switch-lr-scale': 'string', settle: 'string', 'data-dir': 'string', out: 'string', json: 'boolean', ...STORE_FLAGS });
  const list = (name: string) => { const v = stringArg(p, name); return v === undefined ? undefined : numberList(p, name, v, Number.isFinite, 'comma-separated numbers'); };
  return withRunStore(p, (store) => withFlagNames(p, () => shrinkStudy({
    datasets: stringArg(p, 'datasets')?.split(','), dataDir: stringArg(p, 'data-dir'), lambdas: list('lambdas'), depths: list('depths'),
    seeds: numberArg(p, 'seeds'), firstSeed: numberArg(p, 'first-seed'), timeBudgetSeconds: numberArg(p, 'time-budget'), widthScale: numberArg(p, 'width-scale'),
    ...shrinkSettingFlags(p), out: stringArg(p, 'out'), store, log,
  })));
}
