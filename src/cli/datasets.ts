/** `topiary datasets list|info NAME|verify`. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from '../data/data-dir.js';
import { DATASETS, findDataset, loadDataset } from '../data/registry.js';
import { parseArgs } from './args.js';

export function datasetsCommand(argv: string[], log: (line: string) => void): Record<string, unknown> {
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
    const results = (name ? [findDataset(name)] : DATASETS).map((e) => {
      try {
        const d = loadDataset(e.name, dir, 0);
        log(`ok      ${e.name} (${d.train.n} train${d.test ? ` / ${d.test.n} test` : ''})`);
        return { name: e.name, ok: true };
      } catch (err) {
        log(`FAILED  ${e.name}: ${(err as Error).message}`);
        return { name: e.name, ok: false, error: (err as Error).message };
      }
    });
    return { dataDir: dir, results };
  }
  throw new Error(`datasets: unknown subcommand "${sub}"; expected list, info NAME or verify [NAME]`);
}
