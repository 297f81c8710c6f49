/**
 * Zero-cost proxy scores of the untrained architectures listed in a CSV file, written to another CSV (what
 * `topiary score` does): one row per architecture, one column per proxy.
 */
import { OptionError, intOption, requiredOption, seedOption } from '../core/option-error.js';
import { type DatasetSource, datasetOf } from '../data/source.js';
import { parseTable, readText } from '../data/text-table.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ensureWritable } from '../io/writable.js';
import { PROXIES } from './index.js';
import { scoreArchitectures } from './score-archs.js';

export interface ScoreFileOptions {
  /** A CSV file with one architecture string per row. */
  archs: string;
  /** Where the scores go (CSV). */
  out: string;
  dataset: DatasetSource;
  /** The cell space the strings are written in (nb201). */
  space?: string;
  archCol?: string;
  /** Proxy names (default: all). */
  proxies?: string[];
  batchSize?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  log?: (line: string) => void;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
const field = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function scoreArchitectureFile(o: ScoreFileOptions): Record<string, unknown> {
  const started = performance.now();
  const log = o.log ?? (() => {});
  const seed = seedOption(o.seed);
  const batchSize = intOption(o.batchSize, 'batchSize', 64, 2);
  const file = requiredOption(o.archs, 'archs', 'a CSV file with one architecture string per row, in the column archCol (default arch)');
  const out = requiredOption(o.out, 'out', 'the CSV file to write the scores to');
  ensureWritable(out, 'file', 'out');
  const proxies = o.proxies ?? Object.keys(PROXIES);
  for (const name of proxies) if (!PROXIES[name]) throw new OptionError('proxies', `got "${name}"; expected some of ${Object.keys(PROXIES).join(', ')}`);
  const table = parseTable(file, readText(file), { delimiter: ',', header: true });
  const colName = o.archCol ?? 'arch';
  const col = table.header!.indexOf(colName);
  if (col < 0) throw new OptionError('archCol', `${file} has no column "${colName}" (columns: ${table.header!.join(', ')}); pick one of these`);
  const archs = table.rows.map((r) => r[col]);
  const data = datasetOf(o.dataset, seed, (w) => log(`warning: ${w}`));
  const space = o.space ?? 'nb201';
  let scored;
  try {
    scored = scoreArchitectures({ space, dataset: data, archs, proxies, batchSize, seed, onProgress: o.onProgress });
  } catch (e) {
    // Name the row of a cell string that does not parse.
    const bad = archs.findIndex((a) => (e as Error).message.includes(`"${a}"`));
    throw bad >= 0 ? new Error(`${file}:${bad + 2}: ${(e as Error).message}`) : e;
  }
  const lines = [[colName, ...proxies].join(','), ...scored.map((s) => [field(s.arch), ...proxies.map((n) => String(s.scores[n]))].join(','))];
  writeFileAtomic(out, `${lines.join('\n')}\n`);
  const seconds = (performance.now() - started) / 1000;
  log(`${scored.length} architectures of ${space} scored with ${proxies.join(', ')} on ${Math.min(batchSize, data.train.n)} rows of ${data.name} in ${seconds.toFixed(1)} s; written to ${out}`);
  return { archs: scored.length, space, proxies, out, seconds: Number(seconds.toFixed(2)) };
}
