/** `topiary datasets list | info NAME | verify [NAME] | download NAME`: flags → the library's dataset-file calls. */
import { datasetInfo, downloadDataset, listDatasets, resolveDataDir, verifyDatasets } from '../index.js';
import { parseArgs } from './args.js';
import { stringArg } from './flag-options.js';

export async function datasetsCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { 'data-dir': 'string', json: 'boolean' });
  const dataDir = stringArg(p, 'data-dir');
  const [sub, name] = p.positional;
  if (sub === 'list' || sub === undefined) return { dataDir: resolveDataDir(dataDir), datasets: listDatasets(log).map(({ description: _d, ...d }) => d) };
  if (sub === 'info') return datasetInfo(name ?? '', dataDir, log);
  if (sub === 'verify') {
    const results = await verifyDatasets(name, dataDir, log);
    if (results.some((r) => !r.ok)) process.exitCode = 1;
    return { dataDir: resolveDataDir(dataDir), results };
  }
  if (sub === 'download') return downloadDataset(name ?? '', dataDir, log);
  throw new Error(`datasets: unknown subcommand "${sub}"; expected list, info NAME, verify [NAME] or download NAME`);
}
