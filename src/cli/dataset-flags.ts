/** The dataset a command's flags name: --dataset, --data-dir, --target, --task (and --test where a command has it). */
import type { DatasetRef, Task } from '../index.js';
import type { Parsed } from './args.js';
import { stringArg } from './flag-options.js';

export function datasetRef(p: Parsed): DatasetRef {
  const name = stringArg(p, 'dataset');
  if (name === undefined) throw new Error('--dataset is required (e.g. --dataset mnist, or --dataset csv:FILE --target COLUMN)');
  // The task's value is the library's to check (datasetOf names the option).
  return { name, dataDir: stringArg(p, 'data-dir'), target: stringArg(p, 'target'), task: stringArg(p, 'task') as Task | undefined, testFile: stringArg(p, 'test') };
}

/** The flags that name a dataset (see datasetRef). */
export const DATASET_FLAGS = { dataset: 'string', 'data-dir': 'string', target: 'string', task: 'string' } as const;
