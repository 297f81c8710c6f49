/** `topiary datasets list | info NAME | verify [NAME] | download NAME`. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from '../data/data-dir.js';
import { download, verifyFile } from '../data/download.js';
import { DATASETS, findDataset, loadDataset, type DatasetEntry } from '../data/registry.js';
import { parseArgs } from './args.js';

async function verifyEntry(e: DatasetEntry, dir: string): Promise<void> {
  for (const s of e.sources ?? []) await verifyFile(s, join(dir, e.folder, s.file));
  loadDataset(e.name, dir, 0);
}

export async function datasetsCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { 'data-dir': 'string', json: 'boolean' });
  const dir = resolveDataDir(p.flags.get('data-dir') as string | undefined);
  const [sub, name] = p.positional;
  if (sub === 'list' || sub === undefined) {
    for (const d of DATASETS) log(`${d.name.padEnd(14)} ${d.task.padEnd(15)} [${d.inputShape.join('x')}]${d.classes ? ` ${d.classes} classes` : ''}  ${d.description}`);
    return { dataDir: dir, datasets: DATASETS.map((d) => ({ name: d.name, task: d.task, inputShape: d.inputShape, classes: d.classes })) };
  }
  if (sub === 'info') {
    const e = findDataset(name ?? '');
    const files = e.files.map((f) => { const path = join(dir, e.folder, f); return { path, bytes: existsSync(path) ? statSync(path).size : null }; });
    log(`${e.name}: ${e.description}`);
    for (const f of files) log(`  ${f.path} ${f.bytes === null ? '(missing)' : `${f.bytes} bytes`}`);
    return { name: e.name, task: e.task, inputShape: e.inputShape, classes: e.classes, files };
  }
  if (sub === 'verify') {
    const results = [];
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
    if (results.some((r) => !r.ok)) process.exitCode = 1;
    return { dataDir: dir, results };
  }
  if (sub === 'download') {
    const e = findDataset(name ?? '');
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
  throw new Error(`datasets: unknown subcommand "${sub}"; expected list, info NAME, verify [NAME] or download NAME`);
}
