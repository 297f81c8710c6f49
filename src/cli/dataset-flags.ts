/** The dataset a command's flags name: --dataset, --data-dir, --target and --task, checked in one place. */
import type { Dataset, Task } from '../data/dataset.js';
import { resolveDataDir } from '../data/data-dir.js';
import { loadDataset } from '../data/registry.js';
import { optionName, type Parsed } from './args.js';

export function datasetFromFlags(p: Parsed, seed: number): Dataset {
  const name = p.flags.get('dataset');
  if (typeof name !== 'string') throw new Error('--dataset is required (e.g. --dataset mnist, or --dataset csv:FILE --target COLUMN)');
  const task = p.flags.get('task');
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    throw new Error(`${optionName(p, 'task')}: got "${String(task)}"; expected classification or regression`);
  }
  const target = p.flags.get('target');
  const data = loadDataset(name, resolveDataDir(p.flags.get('data-dir') as string | undefined), seed,
    typeof target === 'string' ? target : undefined, task as Task | undefined);
  for (const w of data.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
  return data;
}
