/**
 * Chaos for shared studies: a study created for workers, W worker processes
 * on it, one killed with SIGKILL in the middle of a trial, and (with a
 * restart callback) the database server restarted once while they work.
 * Then every trial must have ended exactly once (completed or failed with its
 * error: the killed worker's trial failed as stale and ran again elsewhere),
 * no architecture run twice to completion, and the best result equal to a
 * single-process search with the same seed and budget.
 * `npm run bench -- worker-chaos [--quick]` runs it on a PostgreSQL server it
 * starts (Fashion-MNIST, 60 trials of 1 epoch, 3 workers; --quick: add10).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open.js';
import type { StudyTrialRow } from '../src/store/store.js';
import { startPostgres } from '../test/postgres-server.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

export interface ChaosOptions {
  storage: string;
  dataset: string;
  space: string;
  epochs: number;
  budget: number;
  workers: number;
  maxTrain?: number;
  dataDir?: string;
  /** Restarts the database server (called once, after the kill, while the others work). */
  restart?: () => void;
  log?: (line: string) => void;
}

export interface ChaosResult {
  trials: StudyTrialRow[];
  killedPid: number;
  killedTrial: number;
  exitCodes: (number | null)[];
  bestValid: number;
  singleProcessBestValid: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function workerChaos(o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? (() => {});
  const started = performance.now();
  const common = ['--strategy', 'random', '--dataset', o.dataset, '--space', o.space, '--budget', String(o.budget), '--epochs', String(o.epochs), '--seeds', '1',
    ...(o.maxTrain ? ['--max-train', String(o.maxTrain)] : []), ...(o.dataDir ? ['--data-dir', o.dataDir] : [])];
  const create = spawnSync(process.execPath, [CLI, 'search', ...common, '--study', 'chaos', '--storage', o.storage, '--workers', '0'], { encoding: 'utf8' });
  if (create.status !== 0) throw new Error(`creating the study failed: ${create.stderr}`);
  const workers: ChildProcess[] = [];
  const exits: Promise<number | null>[] = [];
  for (let i = 0; i < o.workers; i++) {
    const w = spawn(process.execPath, [CLI, 'worker', '--storage', o.storage, '--study', 'chaos', ...(o.dataDir ? ['--data-dir', o.dataDir] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    w.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    exits.push(new Promise((r) => w.once('exit', (code) => { if (code !== 0 && i !== 0) log(`worker ${i} exited ${code}: ${err.slice(-500)}`); r(code); })));
    workers.push(w);
  }
  const store = await openStore(o.storage);
  const study = (await store.getStudy('chaos'))!;
  const victim = workers[0];
  // Kill worker 0 once it has a trial in progress that already reported an epoch (or, with 1-epoch trials, simply started).
  let killedTrial = -1;
  for (let t = 0; t < 6000 && killedTrial < 0; t++) {
    await sleep(20);
    const mine = (await store.listTrials(study.id, { states: ['running'] })).find((x) => x.worker?.split(':')[1] === String(victim.pid) && (o.epochs === 1 || x.intermediate.length > 0));
    if (mine) { victim.kill('SIGKILL'); killedTrial = mine.number; log(`killed worker pid ${victim.pid} during trial ${mine.number}`); }
  }
  if (killedTrial < 0) throw new Error('the victim worker never ran a trial');
  if (o.restart) {
    const finishedAtKill = (await store.listTrials(study.id, { states: ['completed'] })).length;
    for (let t = 0; t < 6000; t++) {
      await sleep(20);
      if ((await store.listTrials(study.id, { states: ['completed'] })).length >= finishedAtKill + 2) break;
    }
    log('restarting the database server');
    o.restart();
  }
  const exitCodes = await Promise.all(exits);
  const trials = await store.listTrials(study.id);
  await store.close();
  const single = spawnSync(process.execPath, [CLI, 'search', ...common, '--workers', '2', '--no-store', '--json'], { encoding: 'utf8' });
  if (single.status !== 0) throw new Error(`the single-process search failed: ${single.stderr}`);
  const done = trials.filter((t) => t.state === 'completed');
  return {
    trials, killedPid: victim.pid!, killedTrial, exitCodes, bestValid: Math.max(...done.map((t) => t.values![0])),
    singleProcessBestValid: (JSON.parse(single.stdout.trim().split('\n').pop()!) as { meanBestValid: number }).meanBestValid, seconds: (performance.now() - started) / 1000,
  };
}

export async function benchWorkerChaos(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const server = await startPostgres();
  try {
    const r = await workerChaos({
      storage: server.url, restart: server.restart, workers: 3, log: (l) => console.log(l),
      ...(quick ? { dataset: 'add10', space: 'mlp-widths', epochs: 2, budget: 24, maxTrain: 2000 }
        : { dataset: 'fashion-mnist', space: 'mlp-widths', epochs: 1, budget: 60, dataDir: args[args.indexOf('--data-dir') + 1] }),
    });
    const by = (s: string) => r.trials.filter((t) => t.state === s).length;
    const keys = r.trials.filter((t) => t.state === 'completed').map((t) => t.paramsKey);
    console.log(`trials: ${r.trials.length} rows, ${by('completed')} completed, ${by('failed')} failed (${r.trials.filter((t) => t.state === 'failed').map((t) => `#${t.number}: ${t.error}`).join('; ')}), ${by('running')} running, ${by('waiting')} waiting`);
    console.log(`distinct completed architectures: ${new Set(keys).size} of ${keys.length}; worker exit codes ${r.exitCodes.join(', ')} (the first was killed)`);
    console.log(`best valid: workers ${r.bestValid}, single process ${r.singleProcessBestValid}; ${r.seconds.toFixed(1)} s`);
  } finally {
    server.stop();
  }
}
