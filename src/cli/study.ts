/** `topiary study width --dataset NAME --widths 16,32,... --seeds N`: flags → the library's `widthStudy`. */
import { widthStudy } from '../index.js';
import { numberList, parseArgs } from './args.js';
import { numberArg, stringArg, withFlagNames } from './flag-options.js';
import { datasetRef } from './dataset-flags.js';
import { STORE_FLAGS, withRunStore } from './store-flags.js';

export async function studyCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { dataset: 'string', widths: 'string', seeds: 'string', epochs: 'string', samples: 'string', 'data-dir': 'string',
    out: 'string', target: 'string', json: 'boolean', ...STORE_FLAGS });
  if (p.positional[0] !== 'width') throw new Error(`study: unknown study "${p.positional[0] ?? ''}"; available: width, shrink, list, show`);
  const widths = stringArg(p, 'widths');
  return withRunStore(p, (store) => withFlagNames(p, () => widthStudy({
    dataset: datasetRef(p), widths: widths === undefined ? undefined : numberList(p, 'widths', widths, (w) => Number.isInteger(w) && w >= 1, 'comma-separated positive integers'),
    seeds: numberArg(p, 'seeds'), epochs: numberArg(p, 'epochs'), samples: numberArg(p, 'samples'), out: stringArg(p, 'out'), store, log,
  })));
}
