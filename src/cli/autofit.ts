/**
 * `topiary autofit --dataset NAME|csv:FILE [--target COL] [--test FILE.csv] --time-budget S`: from data to a
 * found, shrunk, exported model (the library's `autofit`). Flags are parsed here; the work is the library's.
 */
import { autofit, datasetLabel } from '../autofit/autofit.js';
import type { Task } from '../data/dataset.js';
import { parseTunings } from '../search/spaces/tuned.js';
import { loadCsv } from '../data/tabular.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { applyConfig } from './config.js';
import { datasetFromFlags } from './dataset-flags.js';
import { liveStatus } from './live-status.js';
import { STORE_FLAGS, storeFromFlags } from './store-flags.js';

const FLAGS = {
  dataset: 'string', target: 'string', test: 'string', task: 'string', 'time-budget': 'string', workers: 'string', out: 'string', seed: 'string',
  'data-dir': 'string', study: 'string', resume: 'boolean', inherit: 'boolean', tune: 'string', config: 'string', json: 'boolean', ...STORE_FLAGS,
} as const;

const clock = (s: number) => `${Math.floor(Math.max(0, s) / 60)}:${String(Math.floor(Math.max(0, s) % 60)).padStart(2, '0')}`;

export async function autofitCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const startedAt = performance.now();
  const p = parseArgs(argv, FLAGS);
  applyConfig(p, FLAGS);
  const seed = numberFlag(p, 'seed', 0, Number.isInteger, 'an integer');
  const budget = numberFlag(p, 'time-budget', 120, (v) => v > 0, 'seconds > 0');
  const workers = p.flags.has('workers') ? intFlag(p, 'workers', 1, 1) : undefined;
  if (p.flags.has('resume') && p.flags.has('no-store')) throw new Error(`${optionName(p, 'resume')} continues a study kept in a store; drop --no-store`);
  const name = String(p.flags.get('dataset') ?? '');
  const testFile = p.flags.get('test');
  let data;
  if (typeof testFile === 'string') {
    if (!name.startsWith('csv:')) throw new Error(`${optionName(p, 'test')} scores the model on a CSV file with the columns of the training CSV; use it with --dataset csv:FILE`);
    const target = p.flags.get('target');
    if (typeof target !== 'string') throw new Error('--target is required with --dataset csv:FILE (the column to predict)');
    const task = p.flags.get('task') as Task | undefined;
    if (task !== undefined && task !== 'classification' && task !== 'regression') throw new Error(`${optionName(p, 'task')}: got "${String(task)}"; expected classification or regression`);
    data = loadCsv(name.slice(4), target, task, testFile);
    for (const w of data.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
  } else data = datasetFromFlags(p, seed);
  const out = String(p.flags.get('out') ?? `autofit-${datasetLabel(name)}`);
  const json = p.flags.has('json');
  // --json: one JSON line on stdout and nothing else (warnings and errors aside).
  const status = json ? null : liveStatus((text) => `autofit ${clock((performance.now() - startedAt) / 1000)} / ${clock(budget)}  ${text}`, process.stderr, log);
  const store = await storeFromFlags(p);
  try {
    const r = await autofit(data, {
      timeBudgetSeconds: budget, out, workers, seed, store, startedAt, resume: p.flags.has('resume'), inherit: p.flags.has('inherit'), ...(typeof p.flags.get('tune') === 'string' ? { tune: parseTunings(String(p.flags.get('tune')), optionName(p, 'tune')) } : {}), study: p.flags.get('study') as string | undefined,
      log: status ? (line) => status.log(line) : undefined,
      onProgress: (s) => status?.set(`${s.phase} · ${s.trials} trial(s) · best ${s.best === null ? '—' : s.best.toFixed(2)} · ${s.activity}`),
    });
    const { spec: _spec, plan: _plan, ...summary } = r;
    return { ...summary, storage: store.url };
  } finally {
    status?.stop();
    await store.close();
  }
}
