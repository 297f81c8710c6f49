/** The registered datasets' files in a data directory: listed, described, verified (sizes and MD5) and downloaded. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from './data-dir.js';
import { download, verifyFile } from './download.js';
import { DATASETS, type DatasetEntry, findDataset, loadDataset } from './registry.js';

type Log = (line: string) => void;
const none: Log = () => {};

export function listDatasets(log: Log = none): { name: string; task: string; inputShape: number[]; classes?: number; description: string }[] {
  for (const d of DATASETS) log(`${d.name.padEnd(14)} ${d.task.padEnd(15)} [${d.inputShape.join('x')}]${d.classes ? ` ${d.classes} classes` : ''}  ${d.description}`);
  return DATASETS.map((d) => ({ name: d.name, task: d.task, inputShape: d.inputShape, classes: d.classes, description: d.description }));
}

/** A dataset's description and its files in the data directory (bytes, or null when missing). */
export function datasetInfo(name: string, dataDir?: string, log: Log = none): Record<string, unknown> {
  const e = findDataset(name), dir = resolveDataDir(dataDir);
  const files = e.files.map((f) => { const path = join(dir, e.folder, f); return { path, bytes: existsSync(path) ? statSync(path).size : null }; });
  log(`${e.name}: ${e.description}`);
  for (const f of files) log(`  ${f.path} ${f.bytes === null ? '(missing)' : `${f.bytes} bytes`}`);
  return { name: e.name, task: e.task, inputShape: e.inputShape, classes: e.classes, files };
}

async function verifyEntry(e: DatasetEntry, dir: string): Promise<void> {
  for (const s of e.sources ?? []) await verifyFile(s, join(dir, e.folder, s.file));
  loadDataset(e.name, dir, 0);
}

/** Checks one dataset's files (or every dataset's): published sizes and MD5, and that they load. */
export async function verifyDatasets(name?: string, dataDir?: string, log: Log = none): Promise<{ name: string; ok: boolean; error?: string }[]> {
  const dir = resolveDataDir(dataDir), results = [];
  for (const e of name ? [findDataset(name)] : DATASETS) {
    try {
      await verifyEntry(e, dir);
      log(`ok      ${e.name}${e.sources ? ' (sizes and md5 match)' : ' (generated)'}`);
      results.push({ name: e.name, ok: true });
    } catch (err) {
      log(`FAILED  ${e.name}: ${(err as Error).message}`);
      results.push({ name: e.name, ok: false, error: (err as Error).message });
    }
  }
  return results;
}

/** Downloads the files of a dataset that has public addresses (files already present and intact are kept). */
export async function downloadDataset(name: string, dataDir?: string, log: Log = none): Promise<{ name: string; dir: string }> {
  const e = findDataset(name), dir = resolveDataDir(dataDir);
  const sources = e.sources ?? [];
  if (sources.length === 0 || sources.some((s) => s.urls.length === 0)) {
    throw new Error(`${e.name} has no public download address (${e.files.length ? 'copy its files into ' + join(dir, e.folder) : 'it is generated'})`);
  }
  for (const s of sources) {
    const dest = join(dir, e.folder, s.file);
    try {
      await verifyFile(s, dest);
      log(`present ${dest}`);
    } catch {
      log(`fetching ${s.urls[0]}`);
      await download(s, dest);
      log(`ok      ${dest}`);
    }
  }
  return { name: e.name, dir: join(dir, e.folder) };
}
