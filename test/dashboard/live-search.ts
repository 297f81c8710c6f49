/**
 * A real-training search running in another process, its store served by a dashboard in this one: what the live
 * test and the dashboard bench watch trials arrive from. `stop` ends the search if it still runs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { SqliteStore } from '../../src/store/sqlite.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface LiveSearch {
  dash: Dashboard;
  store: SqliteStore;
  studyId: number;
  running(): boolean;
  exited: Promise<unknown>;
  stop(): Promise<void>;
}

export async function startLiveSearch(db: string, trials: number, epochs: number): Promise<LiveSearch> {
  const child = spawn(process.execPath, [CLI, 'search', '--strategy', 'random', '--dataset', 'add10', '--space', 'mlp-stack', '--budget', String(trials), '--seeds', '1',
    '--epochs', String(epochs), '--max-train', '2000', '--workers', '1', '--db', db], { stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  const running = () => child.exitCode === null && child.signalCode === null;
  const store = new SqliteStore(db);
  const dash = await startDashboard(store, { port: 0 });
  let studyId: number | undefined;
  for (let t = 0; t < 600 && studyId === undefined && running(); t++) {
    studyId = (await store.listStudies())[0]?.id;
    if (studyId === undefined) await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    if (running()) child.kill('SIGINT');
    await exited;
    await dash.close();
    await store.close();
  };
  if (studyId === undefined) { await stop(); throw new Error('the search created no study within 30 s'); }
  return { dash, store, studyId, running, exited, stop };
}

/** Per trial that arrived on the open study page while it was open: milliseconds from its finish in the store to its row. */
export async function arrivalDelays(page: Page, live: LiveSearch): Promise<{ trial: number; arrivedAt: number; delayMs: number }[]> {
  const arrivals = await page.evaluate(() => window.topiary.arrivals);
  const finished = new Map((await live.store.listTrials(live.studyId)).map((t) => [t.number, Date.parse(t.finishedAt ?? '')]));
  return Object.entries(arrivals).map(([n, at]) => ({ trial: Number(n), arrivedAt: at, delayMs: at - finished.get(Number(n))! }));
}
