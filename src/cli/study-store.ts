/** `topiary study list | show NAME [--storage URL] [--json]`: the studies in a store. */
import { describeStudy } from '../study/describe.js';
import { parseArgs } from './args.js';
import { STORE_FLAGS, storeFromFlags } from './store-flags.js';

export async function studyStoreCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { json: 'boolean', ...STORE_FLAGS });
  const [sub, name] = p.positional;
  const store = await storeFromFlags(p, { mustExist: true });
  try {
    if (sub === 'list') {
      const studies = [];
      for (const s of await store.listStudies()) {
        const r = await describeStudy(store, s.name);
        studies.push({ study: r.study, status: r.status, objectives: r.objectives, trials: r.trials });
        log(`${r.study.padEnd(48)} ${r.status.padEnd(10)} ${r.objectives.join(',').padEnd(24)} ${Object.entries(r.trials).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ')}`);
      }
      if (studies.length === 0) log(`no studies in ${store.url}`);
      return { studies };
    }
    if (sub !== 'show' || !name) throw new Error(`study: expected "study list" or "study show NAME" (or study width, study shrink); got "${[sub, name].filter(Boolean).join(' ')}"`);
    const r = await describeStudy(store, name);
    log(`study ${r.study} (${r.status}), objectives ${r.objectives.join(', ')}`);
    log(`trials: ${Object.entries(r.trials).map(([k, n]) => `${n} ${k}`).join(', ')}`);
    const show = (t: { number: number; values: number[]; attrs: Record<string, unknown> }) => `trial ${t.number}: ${r.objectives.map((o, i) => `${o} ${t.values[i]}`).join(', ')}${typeof t.attrs.arch === 'string' ? `  ${t.attrs.arch}` : ''}`;
    if (r.best) log(`best ${show(r.best)}`);
    for (const t of r.front) log(`front ${show(t)}`);
    for (const w of r.workers) log(`worker ${w.worker}: ${w.trials} trial(s), last heartbeat ${w.lastHeartbeat}`);
    return r as unknown as Record<string, unknown>;
  } finally {
    await store.close();
  }
}
