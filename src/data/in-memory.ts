/**
 * Datasets held in memory by name — a Dataset a library caller passed in, or one a thread pool shared with its
 * workers — found before the data directory is looked in, so tasks that name data by name work for both.
 */
import type { Dataset } from './dataset.js';
import { resolveDataDir } from './data-dir.js';
import { loadDataset } from './registry.js';

const inMemory = new Map<string, Dataset>();

export function registerDataset(d: Dataset): void { inMemory.set(d.name, d); }

/** A dataset by name: one registered in memory, else loaded from the data directory. */
export function datasetByName(name: string, dataDir?: string, seed = 0): Dataset {
  return inMemory.get(name) ?? loadDataset(name, resolveDataDir(dataDir), seed);
}
