/** `topiary runs list | show ID` over the experiment store. */
import { canonicalMetricName } from '../index.js';
import type { RunRow } from '../store/store.js';
import { settleDeadRuns } from '../store/settle.js';
import { intFlag, parseArgs } from './args.js';
import { STORE_FLAGS, storeFromFlags } from './store-flags.js';

/** A run still "running" without a heartbeat for 10 minutes most likely died with its process. */
const shownStatus = (r: RunRow): string =>
  r.status === 'running' && Date.now() - Date.parse(r.heartbeatAt) > 600_000 ? 'stale' : r.status;

const headline = (r: RunRow): string => {
  const s = r.summary ?? {};
  if (typeof s.testAccuracy === 'number') return `acc ${(s.testAccuracy * 100).toFixed(2)}%`;
  if (typeof s.testR2 === 'number') return `R² ${s.testR2.toFixed(4)}`;
  return '';
};

export async function runsCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { format: 'string', experiment: 'string', limit: 'string', json: 'boolean', ...STORE_FLAGS });
  const format = String(p.flags.get('format') ?? (p.flags.has('json') ? 'json' : 'table'));
  if (format !== 'table' && format !== 'json') throw new Error(`--format: got "${format}"; expected table or json`);
  const store = await storeFromFlags(p, { mustExist: true });
  try {
    await settleDeadRuns(store);
    const [sub, id] = p.positional;
    if (sub === 'list' || sub === undefined) {
      const runs = await store.listRuns({ experiment: p.flags.get('experiment') as string | undefined, limit: intFlag(p, 'limit', 100, 1) });
      if (format === 'json') log(JSON.stringify(runs));
      else {
        // Columns as wide as their longest entry, so long experiment names stay aligned.
        const width = (xs: string[], min: number) => Math.max(min, ...xs.map((x) => x.length)) + 2;
        const [wi, we, wk] = [width(runs.map((r) => String(r.id)), 2), width(runs.map((r) => r.experiment), 10), width(runs.map((r) => r.kind), 4)];
        log(`${'id'.padEnd(wi)}${'experiment'.padEnd(we)}${'kind'.padEnd(wk)}${'status'.padEnd(13)}${'started'.padEnd(26)}result`);
        for (const r of runs) log(`${String(r.id).padEnd(wi)}${r.experiment.padEnd(we)}${r.kind.padEnd(wk)}${shownStatus(r).padEnd(13)}${r.startedAt.padEnd(26)}${headline(r)}`);
      }
      return { runs };
    }
    if (sub === 'show') {
      const run = await store.getRun(Number(id));
      if (!run) throw new Error(`runs show: no run with id "${id ?? ''}"; see \`topiary runs list\``);
      if (format === 'json') log(JSON.stringify(run, null, 1));
      else {
        log(`run ${run.id} (${run.experiment}, ${run.kind}) ${run.status}, started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`);
        log(`params  ${JSON.stringify(run.params)}`);
        if (run.summary) log(`summary ${JSON.stringify(run.summary)}`);
        if (run.error) log(`error   ${run.error}`);
        const epochs = [...new Set(run.metrics.map((m) => m.epoch))];
        const names = [...new Set(run.metrics.map((m) => m.name))];
        if (epochs.length) log(['epoch', ...names.map(canonicalMetricName)].map((h) => h.padEnd(14)).join(''));
        for (const e of epochs) log([String(e), ...names.map((n) => { const v = run.metrics.find((m) => m.epoch === e && m.name === n)?.value; return v === undefined ? '' : v.toPrecision(6); })].map((c) => c.padEnd(14)).join(''));
        for (const a of run.artifacts) log(`artifact ${a.kind} ${a.path}`);
      }
      return { run };
    }
    throw new Error(`runs: unknown subcommand "${sub}"; expected list or show ID`);
  } finally {
    await store.close();
  }
}
