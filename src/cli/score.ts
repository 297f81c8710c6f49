/**
 * `topiary score --space nb201 --dataset D --archs FILE.csv [--arch-col arch] --proxies naswot,synflow,…
 * [--batch-size 64] [--seed N] --out scores.csv`: flags → the library's `scoreArchitectureFile`.
 */
import { scoreArchitectureFile } from '../index.js';
import { parseArgs, stringFlags } from './args.js';
import { numberArg, stringArg, withFlagNames } from './flag-options.js';
import { datasetRef, DATASET_FLAGS } from './dataset-flags.js';
import { progress } from './progress.js';

const FLAGS = { ...stringFlags('space archs arch-col proxies batch-size seed out'), ...DATASET_FLAGS, json: 'boolean' } as const;

export async function scoreCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  const bar = progress(log);
  try {
    return await withFlagNames(p, () => scoreArchitectureFile({
      archs: stringArg(p, 'archs')!, out: stringArg(p, 'out')!, dataset: datasetRef(p), space: stringArg(p, 'space'), archCol: stringArg(p, 'arch-col'),
      proxies: stringArg(p, 'proxies')?.split(',').map((s) => s.trim()).filter(Boolean), batchSize: numberArg(p, 'batch-size'), seed: numberArg(p, 'seed'),
      onProgress: (done, total) => bar.update(done, total, 'architectures scored'), log,
    }));
  } finally {
    bar.done();
  }
}
