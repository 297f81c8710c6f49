/**
 * `topiary evidence --dataset D [--method last-layer|diagonal] [--widths 2,4,…,512] [--depths 1] [--seeds 3] [--epochs 50] [--plot FILE.svg]`:
 * flags → the library's `evidenceStudy`.
 */
import { type EvidenceStudyOptions, evidenceStudy } from '../index.js';
import { parseArgs, stringFlags } from './args.js';
import { numberArg, stringArg, withFlagNames, numberListArg } from './flag-options.js';
import { datasetRef, DATASET_FLAGS } from './dataset-flags.js';

const FLAGS = { ...stringFlags('widths depths seeds epochs batch-size lr plot method arch-family'), ...DATASET_FLAGS, json: 'boolean' } as const;

export function evidenceCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  return withFlagNames(p, () => evidenceStudy({
    dataset: datasetRef(p), method: stringArg(p, 'method') as EvidenceStudyOptions['method'], widths: numberListArg(p, 'widths'), depths: numberListArg(p, 'depths'), seeds: numberArg(p, 'seeds'),
    epochs: numberArg(p, 'epochs'), batchSize: numberArg(p, 'batch-size'), lr: numberArg(p, 'lr'), archFamily: stringArg(p, 'arch-family'), plot: stringArg(p, 'plot'), log,
    onRow: (r) => log(`depth ${r.depth} width ${String(r.width).padStart(4)} seed ${r.seed}  log evidence ${r.logEvidence.toFixed(1).padStart(10)}  test ${r.test.toFixed(4)}  ${r.params} params  ${r.seconds.toFixed(1)}s`),
  }));
}
