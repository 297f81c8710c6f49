/** The tasks evolved networks can be scored on, by name; a worker thread rebuilds one from its spec. */
import { resolveDataDir } from '../../data/data-dir.js';
import { loadDataset } from '../../data/registry.js';
import { mnist256Task } from './mnist256.js';
import { swingupTask } from './swingup.js';
import type { GenomeTask, TaskSpec } from './task.js';
import { xorTask } from './xor.js';

export const GENOME_TASKS = ['xor', 'swingup', 'mnist256'] as const;
export type GenomeTaskName = (typeof GENOME_TASKS)[number];

export function makeTask(spec: TaskSpec): GenomeTask {
  switch (spec.name) {
    case 'xor': return xorTask();
    case 'swingup': return swingupTask(spec.episodes);
    case 'mnist256': return mnist256Task(loadDataset('mnist256', resolveDataDir(spec.dataDir), 0), spec.batch);
    default: throw new Error(`task "${spec.name}": expected one of ${GENOME_TASKS.join(', ')}`);
  }
}
