/**
 * `topiary autofit --dataset NAME|csv:FILE [--target COL] [--test FILE.csv] --time-budget S`: from data to a
 * found, shrunk, exported model (the library's `autofit`). Flags are parsed here; the work is the library's.
 */
import { autofit, datasetLabel, parseTunings } from '../index.js';
import { numberFlag, optionName, stringFlags } from './args.js';
import { numberArg, stringArg, withFlagNames } from './flag-options.js';
import { parseWithConfig } from './config.js';
import { datasetRef, DATASET_FLAGS } from './dataset-flags.js';
import { liveStatus } from './live-status.js';
import { STORE_FLAGS, storeFromFlags } from './store-flags.js';

const FLAGS = { ...stringFlags('test time-budget workers out seed study tune config'), ...DATASET_FLAGS, ...STORE_FLAGS, resume: 'boolean', inherit: 'boolean', json: 'boolean' } as const;

const clock = (s: number) => `${Math.floor(Math.max(0, s) / 60)}:${String(Math.floor(Math.max(0, s) % 60)).padStart(2, '0')}`;

export async function autofitCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const startedAt = performance.now();
  const p = parseWithConfig(argv, FLAGS);
  const budget = numberFlag(p, 'time-budget', 120, (v) => v > 0, 'seconds > 0');
  if (p.flags.has('resume') && p.flags.has('no-store')) throw new Error(`${optionName(p, 'resume')} continues a study kept in a store; drop --no-store`);
  const dataset = datasetRef(p);
  const tune = stringArg(p, 'tune');
  // --json: one JSON line on stdout and nothing else (warnings and errors aside).
  const status = p.flags.has('json') ? null : liveStatus((text) => `autofit ${clock((performance.now() - startedAt) / 1000)} / ${clock(budget)}  ${text}`, process.stderr, log);
  const store = await storeFromFlags(p);
  try {
    const r = await withFlagNames(p, () => autofit(dataset, {
      timeBudgetSeconds: budget, out: stringArg(p, 'out') ?? `autofit-${datasetLabel(dataset.name)}`, workers: numberArg(p, 'workers'), seed: numberArg(p, 'seed'),
      store, startedAt, resume: p.flags.has('resume'), inherit: p.flags.has('inherit'), study: stringArg(p, 'study'),
      ...(tune !== undefined ? { tune: parseTunings(tune, optionName(p, 'tune')) } : {}),
      log: status ? (line) => status.log(line) : (line) => { if (line.startsWith('warning: ')) process.stderr.write(`${line}\n`); },
      onProgress: (s) => status?.set(`${s.phase} · ${s.trials} trial(s) · best ${s.best === null ? '—' : s.best.toFixed(2)} · ${s.activity}`),
    }));
    const { spec: _spec, plan: _plan, ...summary } = r;
    return { ...summary, storage: store.url };
  } finally {
    status?.stop();
    await store.close();
  }
}
