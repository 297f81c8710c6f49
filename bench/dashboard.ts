/**
 * The dashboard at scale, in headless Chromium: a store of 10,500 NAS-Bench-201
 * table-lookup trials made by the real search command (70 studies of 150), and
 * one study of 10,500 trials. Per page, medians over fresh page loads of: the
 * first complete render (navigation start to table, charts and header drawn),
 * sorting the trials table by its objective (click to the frame after), and the
 * page's JavaScript heap. Then live: a real-training search, and the delay from
 * each trial's finish in the store to its row on the open page.
 * `npm run bench -- dashboard --data-dir DIR [--rounds 5]`
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { launchBrowser } from '../test/dashboard/browser.js';
import { arrivalDelays, startLiveSearch } from '../test/dashboard/live-search.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? Number.NaN; };

function cli(...args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`topiary ${args.join(' ')}: ${r.stderr}`);
}

/** Serves a store from its own process (as a user runs it), so the page's timings do not share this process's CPU. */
async function serve(db: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'dashboard', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); const m = /at (http:\S+)/.exec(out); if (m) resolve(m[1]); });
    child.once('exit', (code) => reject(new Error(`dashboard exited with ${code}`)));
  });
  return { url, stop: async () => { child.kill('SIGINT'); await new Promise((r) => child.once('exit', r)); } };
}

async function measurePage(browser: Browser, url: string, view: string, sortColumn: number | null, rounds: number) {
  const render: number[] = [], sort: number[] = [], heap: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1300, height: 1000 });
    await page.goto(url);
    await page.waitForFunction((v) => document.body.dataset.ready === v, { timeout: 60_000 }, view);
    render.push(await page.evaluate((v) => window.topiary.ready[v], view));
    if (sortColumn !== null) {
      sort.push(await page.evaluate(async (c) => {
        const cell = document.querySelectorAll<HTMLElement>('.vtable .head .cell')[c];
        const t0 = performance.now();
        cell.click();
        // Until the frame after the click is painted: the sorted rows are on screen.
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
        return performance.now() - t0;
      }, sortColumn));
    }
    const m = await page.metrics();
    heap.push((m.JSHeapUsedSize ?? Number.NaN) / 2 ** 20);
    await context.close();
  }
  return { renderMs: median(render), sortMs: sortColumn === null ? null : median(sort), heapMB: median(heap), renders: render.map((x) => Math.round(x)) };
}

async function measureLive(browser: Browser, dir: string) {
  const live = await startLiveSearch(join(dir, 'live.db'), 12, 30);
  try {
    const page = await browser.newPage();
    await page.goto(`${live.dash.url}#/study/${live.studyId}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'study', { timeout: 60_000 });
    await live.exited;
    await new Promise((r) => setTimeout(r, 2500));
    const delays = (await arrivalDelays(page, live)).map((a) => a.delayMs / 1000);
    await page.close();
    return { trialsSeenArriving: delays.length, medianDelaySeconds: median(delays), maxDelaySeconds: Math.max(...delays) };
  } finally {
    await live.stop();
  }
}

export async function benchDashboard(args: string[]): Promise<void> {
  const flag = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
  const dataDir = flag('data-dir') ?? process.env.TOPIARY_DATA_DIR;
  if (!dataDir) throw new Error('dashboard bench: pass --data-dir DIR (the folder with nas-bench-201)');
  const rounds = Number(flag('rounds') ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'topiary-bench-dash-'));
  const many = join(dir, 'many.db'), one = join(dir, 'one.db');
  let t = performance.now();
  cli('search', '--strategy', 'random,regularized-evolution', '--benchmark', 'nb201-cifar10', '--budget', '150', '--seeds', '35', '--data-dir', dataDir, '--db', many);
  console.log(`store of 70 studies × 150 trials written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  cli('search', '--strategy', 'random', '--benchmark', 'nb201-cifar10', '--budget', '10500', '--seeds', '1', '--data-dir', dataDir, '--db', one);
  console.log(`store of 1 study × 10,500 trials written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const browser = await launchBrowser();
  const results: Record<string, unknown> = {};
  try {
    for (const [label, db, route, view, sortColumn] of [
      ['home page, 70 studies, 10,500 trials', many, '#/', 'home', null],
      ['study page, 150 of 10,500 trials', many, '#/study/36', 'study', 2],
      ['study page, one study of 10,500 trials', one, '#/study/1', 'study', 2],
    ] as const) {
      const server = await serve(db);
      try {
        await measurePage(browser, `${server.url}${route}`, view, sortColumn, 1); // warm the server's caches and the browser
        results[label] = await measurePage(browser, `${server.url}${route}`, view, sortColumn, rounds);
      } finally {
        await server.stop();
      }
      console.log(label, JSON.stringify(results[label]));
    }
    results.live = await measureLive(browser, dir);
    console.log('live', JSON.stringify(results.live));
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(results));
}
