/**
 * Shared studies at scale: 10,000 table-lookup trials (NAS-Bench-201) through
 * a store, with 1 and with 4 worker processes: trials per second, and the cost
 * of a trial (ask + claim + tell, from the gaps between consecutive finishes of
 * one worker) around the 100th trial against around the 10,000th, which must
 * not grow as the study grows. `npm run bench -- study-scale --data-dir DIR
 * [--trials N]`: PostgreSQL (a server it starts) with 1 and 4 workers, then
 * SQLite with 4.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open.js';
import { startPostgres } from '../test/postgres-server.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? Number.NaN; };

async function scaleRun(storage: string, study: string, trials: number, workers: number, dataDir: string) {
  const create = spawnSync(process.execPath, [CLI, 'search', '--strategy', 'random', '--benchmark', 'nb201-cifar10', '--data-dir', dataDir, '--budget', String(trials),
    '--seeds', '1', '--study', study, '--storage', storage, '--workers', '0'], { encoding: 'utf8' });
  if (create.status !== 0) throw new Error(create.stderr);
  const started = performance.now();
  const errors: string[] = [];
  const codes = await Promise.all(Array.from({ length: workers }, () => new Promise<number | null>((resolve) => {
    const w = spawn(process.execPath, [CLI, 'worker', '--storage', storage, '--study', study, '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    w.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    w.once('exit', (code) => { if (/database is locked|Error/.test(err)) errors.push(err.split('\n').filter((l) => /locked|Error/.test(l)).slice(0, 3).join(' | ')); resolve(code); });
  })));
  const seconds = (performance.now() - started) / 1000;
  const store = await openStore(storage);
  const rows = await store.listTrials((await store.getStudy(study))!.id, { finishedAfter: 0 });
  await store.close();
  // Per worker, the time between its consecutive finishes: what one trial costs it end to end.
  const gaps = new Map<number, number>();
  const lastByWorker = new Map<string, number>();
  for (const t of rows) {
    const at = Date.parse(t.finishedAt!), prev = lastByWorker.get(t.worker!);
    if (prev !== undefined) gaps.set(t.finishSeq!, at - prev);
    lastByWorker.set(t.worker!, at);
  }
  const around = (k: number) => median([...gaps].filter(([seq]) => Math.abs(seq - k) <= 50).map(([, g]) => g));
  return { storage: storage.replace(/:[^:@/]*@/, ':***@'), workers, trials: rows.length, seconds, perSecond: rows.length / seconds,
    msAround100: around(100), msAroundLast: around(rows.length - 50), codes, errors };
}

export async function benchStudyScale(args: string[]): Promise<void> {
  const dataDir = args[args.indexOf('--data-dir') + 1];
  if (!args.includes('--data-dir') || !dataDir) throw new Error('study-scale: pass --data-dir DIR (with nasbench201-cifar10/)');
  const trials = args.includes('--trials') ? Number(args[args.indexOf('--trials') + 1]) : 10_000;
  const server = await startPostgres();
  const report = (r: Awaited<ReturnType<typeof scaleRun>>) => console.log(`${r.storage.split(':')[0]} ${r.workers} worker(s): ${r.trials} trials in ${r.seconds.toFixed(1)} s = ${r.perSecond.toFixed(0)}/s; `
    + `median ms per trial per worker around trial 100: ${r.msAround100}, around trial ${r.trials - 50}: ${r.msAroundLast} (ratio ${(r.msAroundLast / r.msAround100).toFixed(2)}); exit codes ${r.codes.join(',')}; errors: ${r.errors.length ? r.errors.join(' // ') : 'none'}`);
  try {
    report(await scaleRun(server.url.replace(/\/postgres$/, '/postgres'), 'scale-1', trials, 1, dataDir));
    report(await scaleRun(server.url, 'scale-4', trials, 4, dataDir));
  } finally {
    server.stop();
  }
  report(await scaleRun(`sqlite:${join(mkdtempSync(join(tmpdir(), 'topiary-scale-')), 's.db')}`, 'scale-4', trials, 4, dataDir));
}
