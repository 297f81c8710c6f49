/** The dataset a command's flags name: --dataset, --data-dir, --target, --task (and --test where a command has it). */
import { type Dataset, type DatasetRef, type Task, datasetOf } from '../index.js';
import { optionName, type Parsed } from './args.js';
import { stringArg } from './flag-options.js';

export function datasetRef(p: Parsed): DatasetRef {
  const name = stringArg(p, 'dataset');
  if (name === undefined) throw new Error('--dataset is required (e.g. --dataset mnist, or --dataset csv:FILE --target COLUMN)');
  const task = stringArg(p, 'task');
  if (task !== undefined && task !== 'classification' && task !== 'regression') throw new Error(`${optionName(p, 'task')}: got "${task}"; expected classification or regression`);
  return { name, dataDir: stringArg(p, 'data-dir'), target: stringArg(p, 'target'), task: task as Task | undefined, testFile: stringArg(p, 'test') };
}

/** The dataset loaded now, for commands that still need it before their library call; warnings go to stderr. */
export function datasetFromFlags(p: Parsed, seed: number): Dataset {
  return datasetOf(datasetRef(p), seed, (w) => process.stderr.write(`warning: ${w}\n`));
}

/** The flags that name a dataset (see datasetRef). */
export const DATASET_FLAGS = { dataset: 'string', 'data-dir': 'string', target: 'string', task: 'string' } as const;
