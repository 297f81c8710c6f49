/** `topiary study width --dataset NAME --widths 16,32,... --seeds N`: flags → the library's `widthStudy`. */
import { widthStudy } from '../index.js';
import { stringFlags } from './args.js';
import { DATASET_FLAGS, datasetRef } from './dataset-flags.js';
import { numberArg, numberListArg, stringArg } from './flag-options.js';
import { recordedCommand } from './library-command.js';
import { STORE_FLAGS } from './store-flags.js';

const FLAGS = { ...stringFlags('widths seeds epochs samples out'), ...DATASET_FLAGS, json: 'boolean', ...STORE_FLAGS } as const;

export const studyCommand = recordedCommand(FLAGS, (p, store, log) => {
  if (p.positional[0] !== 'width') throw new Error(`study: unknown study "${p.positional[0] ?? ''}"; available: width, shrink, list, show`);
  return widthStudy({
    dataset: datasetRef(p), widths: numberListArg(p, 'widths'), seeds: numberArg(p, 'seeds'), epochs: numberArg(p, 'epochs'), samples: numberArg(p, 'samples'),
    out: stringArg(p, 'out'), store, log,
  });
});
