/** `topiary diagnose --model FILE --dataset NAME [--layer i] [--samples N] [--out DIR]`: flags → the library's `diagnoseModel`. */
import { diagnoseModel } from '../index.js';
import { parseArgs } from './args.js';
import { numberArg, stringArg, withFlagNames } from './flag-options.js';

export function diagnoseCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { model: 'string', dataset: 'string', layer: 'string', samples: 'string', 'pca-samples': 'string', 'data-dir': 'string', out: 'string', json: 'boolean' });
  return withFlagNames(p, () => diagnoseModel({
    model: stringArg(p, 'model')!, dataset: stringArg(p, 'dataset'), dataDir: stringArg(p, 'data-dir'), layer: numberArg(p, 'layer'),
    samples: numberArg(p, 'samples'), pcaSamples: numberArg(p, 'pca-samples'), out: stringArg(p, 'out'), log,
  }));
}
