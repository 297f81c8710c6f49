/**
 * `topiary score --space nb201 --dataset D --archs FILE.csv [--arch-col arch] --proxies naswot,synflow,…
 * [--batch-size 64] [--seed N] --out scores.csv`: zero-cost proxy scores of untrained architectures.
 */
import { parseTable, readText } from '../data/text-table.js';
import { writeFileAtomic } from '../io/atomic.js';
import { PROXIES } from '../proxies/index.js';
import { scoreArchitectures } from '../proxies/score-archs.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { datasetFromFlags } from './dataset-flags.js';
import { checkOutputs } from './outputs.js';
import { progress } from './progress.js';

const FLAGS = {
  space: 'string', dataset: 'string', archs: 'string', 'arch-col': 'string', proxies: 'string', 'batch-size': 'string', seed: 'string', out: 'string',
  'data-dir': 'string', target: 'string', task: 'string', json: 'boolean',
} as const;

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
const field = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function scoreCommand(argv: string[], log: (line: string) => void): Record<string, unknown> {
  const started = performance.now();
  const p = parseArgs(argv, FLAGS);
  const seed = numberFlag(p, 'seed', 0, Number.isInteger, 'an integer');
  const batchSize = intFlag(p, 'batch-size', 64, 2);
  const file = p.flags.get('archs');
  if (typeof file !== 'string') throw new Error('--archs is required: a CSV file with one architecture string per row (column --arch-col, default arch)');
  const out = p.flags.get('out');
  if (typeof out !== 'string') throw new Error('--out is required: the CSV file to write the scores to');
  checkOutputs(p, { out: 'file' });
  const proxies = String(p.flags.get('proxies') ?? Object.keys(PROXIES).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of proxies) if (!PROXIES[name]) throw new Error(`${optionName(p, 'proxies')}: got "${name}"; expected some of ${Object.keys(PROXIES).join(', ')}`);
  const table = parseTable(file, readText(file), { delimiter: ',', header: true });
  const colName = String(p.flags.get('arch-col') ?? 'arch');
  const col = table.header!.indexOf(colName);
  if (col < 0) throw new Error(`${file}: no column "${colName}" (columns: ${table.header!.join(', ')}); pass --arch-col with one of these`);
  const archs = table.rows.map((r) => r[col]);
  const data = datasetFromFlags(p, seed);
  const space = String(p.flags.get('space') ?? 'nb201');
  const bar = progress(log);
  const scored = (() => {
    try {
      return scoreArchitectures({ space, dataset: data, archs, proxies, batchSize, seed, onProgress: (done, total) => bar.update(done, total, 'architectures scored') });
    } catch (e) {
      // Name the row of a cell string that does not parse.
      const bad = archs.findIndex((a) => (e as Error).message.includes(`"${a}"`));
      throw bad >= 0 ? new Error(`${file}:${bad + 2}: ${(e as Error).message}`) : e;
    } finally {
      bar.done();
    }
  })();
  const lines = [[colName, ...proxies].join(','), ...scored.map((s) => [field(s.arch), ...proxies.map((n) => String(s.scores[n]))].join(','))];
  writeFileAtomic(out, `${lines.join('\n')}\n`);
  const seconds = (performance.now() - started) / 1000;
  log(`${scored.length} architectures of ${space} scored with ${proxies.join(', ')} on ${Math.min(batchSize, data.train.n)} rows of ${data.name} in ${seconds.toFixed(1)} s; written to ${out}`);
  return { archs: scored.length, space, proxies, out, seconds: Number(seconds.toFixed(2)) };
}
