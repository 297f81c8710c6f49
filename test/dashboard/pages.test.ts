/**
 * Every dashboard page in a real headless Chromium, against a store the test fills (studies through the store's
 * API, shrink and evolve runs by the real commands): its content, no console errors, text from the store shown as
 * text, and a trial that finishes during a real search appearing without a reload. Screenshots: test-output/dashboard.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { type WatchedPage, launchBrowser, openView, shot, watchedPage } from './browser.js';
import { fillDeepSwarmStudy, fillMlpStudy, fillMorphStudy, fillNb201Study } from './fill-store.js';
import { arrivalDelays, startLiveSearch } from './live-search.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const XSS = '<img src=x onerror=alert(1)>';

describe('dashboard pages in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-pages-'));
  const db = join(dir, 'store.db');
  let store: SqliteStore, dash: Dashboard, browser: Browser, nb201: number, mlp: number, html: number, morph: number, swarm: number;
  const pages: WatchedPage[] = [];
  const page = async () => { const p = await watchedPage(browser); pages.push(p); return p; };

  before(async () => {
    for (const args of [['shrink', '--dataset', 'add10', '--arch', 'mlp:10-48-24-1', '--time-budget', '2'], ['evolve', '--dataset', 'add10', '--epochs', '3']]) {
      const r = spawnSync(process.execPath, [CLI, ...args, '--db', db], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    store = new SqliteStore(db);
    nb201 = await fillNb201Study(store, XSS, 40);
    mlp = await fillMlpStudy(store, 'mlp stack study');
    morph = await fillMorphStudy(store, 'morph study');
    swarm = await fillDeepSwarmStudy(store, 'deepswarm study');
    const odd = await store.createStudy('html in an architecture', [{ name: 'valid', direction: 'max' }], { strategy: 'random', space: 'not-a-known-space' });
    html = odd.id;
    const t = await store.createTrial(odd.id, { cell: '<b id="injected">bold</b><script>alert(2)</script>' }, 'x', 'host:1:test');
    await store.finishTrial(t.id, 'completed', [1], {});
    dash = await startDashboard(store, { port: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
    await store?.close();
  });

  it('home: totals, every study and run, names shown as text', async () => {
    const p = await page();
    await openView(p, dash.url, 'home');
    await shot(p, 'home');
    const text = await p.page.$eval('#main', (m) => m.textContent ?? '');
    assert.match(await p.page.$eval('#totals', (e) => e.textContent ?? ''), /^5 studies · 2 runs · 55 trials$/);
    for (const s of [XSS, 'mlp stack study', 'shrink-add10', 'evolve-add10']) assert.ok(text.includes(s), s);
    assert.equal(await p.page.$$eval('img', (imgs) => imgs.length), 0, 'the study name made no element');
    assert.deepEqual(p.dialogs, []);
    assert.deepEqual(p.errors, []);
  });

  it('study: trials table sorts and filters, charts and parallel coordinates drawn, a trial shows its cell', async () => {
    const p = await page();
    await openView(p, `${dash.url}#/study/${nb201}`, 'study');
    assert.equal(await p.page.$eval('h1', (e) => e.textContent), XSS);
    assert.match(await p.page.$eval('#trial-count', (e) => e.textContent ?? ''), /^42 of 42 trials$/);
    const firstValid = () => p.page.$eval('.vtable .row', (r) => Number(r.children[2].textContent));
    await p.page.click('.vtable .head .cell:nth-child(3)');
    const ascending = await firstValid();
    await p.page.click('.vtable .head .cell:nth-child(3)');
    const descending = await firstValid();
    assert.ok(descending > ascending, `${descending} > ${ascending}`);
    assert.equal(descending, 90, 'the largest valid of the filled trials');
    const titles = await p.page.$$eval('.panel h2', (hs) => hs.map((x) => x.textContent));
    for (const t of ['Best so far, by trial', 'Best so far, over time', 'Intermediate values (best 20 trials)', 'Pareto front: valid against cost', 'Architecture choices against objectives']) {
      assert.ok(titles.includes(t), t);
    }
    assert.equal(await p.page.$$eval('.chart canvas', (c) => c.length), 4, 'four uPlot charts');
    await p.page.type('#trial-filter', 'failed');
    assert.match(await p.page.$eval('#trial-count', (e) => e.textContent ?? ''), /^1 of 42 trials$/);
    await p.page.click('.vtable .row');
    await p.page.waitForSelector('#trial-detail svg.arch');
    assert.equal(await p.page.$$eval('#trial-detail svg.arch path', (x) => x.length), 6, 'one arc per cell edge');
    assert.match(await p.page.$eval('#trial-detail', (e) => e.textContent ?? ''), /out of memory <b>here<\/b>/);
    assert.equal(await p.page.$$eval('#trial-detail b', (x) => x.length), 0);
    // The best trial (the table is still sorted by valid, descending): its intermediate values as a chart.
    await p.page.$eval('#trial-filter', (e) => { (e as HTMLInputElement).value = ''; e.dispatchEvent(new Event('input')); });
    await p.page.click('.vtable .row');
    await p.page.waitForFunction(() => /^Trial \d+: intermediate values$/.test(document.querySelector('#trial-detail .chart h2')?.textContent ?? ''));
    await p.page.waitForSelector('#trial-detail .chart canvas');
    await shot(p, 'study-nb201');
    assert.deepEqual(p.errors, []);
  });

  it('study of a layer-stack space draws boxes; an unknown space shows its architecture as text', async () => {
    const p = await page();
    await openView(p, `${dash.url}#/study/${mlp}`, 'study');
    await p.page.click('.vtable .row');
    await p.page.waitForSelector('#trial-detail svg.arch rect');
    assert.equal(await p.page.$$eval('#trial-detail svg.arch rect', (x) => x.length), 3, 'input, one dense layer, output');
    await shot(p, 'study-mlp-stack');
    await openView(p, `${dash.url}#/study/${html}`, 'study');
    assert.match(await p.page.$eval('.vtable .row', (r) => r.textContent ?? ''), /<b id=\\"injected\\">bold<\/b><script>alert\(2\)<\/script>/);
    assert.equal(await p.page.$$eval('#injected', (x) => x.length), 0);
    assert.deepEqual(p.dialogs, []);
    assert.deepEqual(p.errors, []);
  });

  it('a study whose trials carry predictions charts them against the results; others have no such chart', async () => {
    const p = await page();
    await openView(p, `${dash.url}#/study/${mlp}`, 'study');
    await p.page.waitForSelector('#prediction-chart');
    assert.equal(await p.page.$eval('#prediction-chart h2', (e) => e.textContent), 'Predicted against observed valid');
    await openView(p, `${dash.url}#/study/${morph}`, 'study');
    await p.page.waitForFunction(() => document.querySelectorAll('.vtable .row').length === 2);
    assert.equal(await p.page.$$eval('#prediction-chart', (x) => x.length), 0);
    assert.deepEqual(p.errors, []);
  });

  it('a DeepSwarm study shows its latest pheromone table by depth, and an ant that reused weights names its parent', async () => {
    const p = await page();
    await openView(p, `${dash.url}#/study/${swarm}`, 'study');
    await p.page.waitForSelector('#pheromone table');
    const headers = await p.page.$$eval('#pheromone thead th', (x) => x.map((e) => e.textContent));
    assert.deepEqual(headers.slice(0, 2), ['choice', 'depth 1']);
    const choices = await p.page.$$eval('#pheromone tbody th', (x) => x.map((e) => e.textContent));
    assert.ok(choices.includes('input → conv') && choices.some((r) => /^conv filters = (16|32|64)$/.test(r ?? '')), choices.join(' | '));
    // The reinforced path is shaded: some cell has a background.
    assert.ok(await p.page.$$eval('#pheromone td', (x) => x.some((e) => (e as HTMLElement).style.background !== '')));
    const reused = (await store.listTrials(swarm)).find((t) => typeof t.attrs.reuseNodes === 'number')!;
    const rows = await p.page.$$('.vtable .row');
    const texts = await Promise.all(rows.map((r) => r.evaluate((e) => e.textContent ?? '')));
    await rows[texts.findIndex((t) => t.includes(`⇐ #${reused.attrs.parent} `))].click();
    await p.page.waitForSelector('#parent-trial');
    assert.match(await p.page.$eval('#trial-detail', (e) => e.textContent ?? ''), new RegExp(`weights from\\s*trial ${reused.attrs.parent} \\(its first ${reused.attrs.reuseNodes} node`));
    assert.deepEqual(p.errors, []);
  });

  it('a grown trial names its parent and step, and the link opens the parent', async () => {
    const p = await page();
    await openView(p, `${dash.url}#/study/${morph}`, 'study');
    await p.page.waitForFunction(() => document.querySelectorAll('.vtable .row').length === 2);
    const rows = await p.page.$$('.vtable .row');
    const texts = await Promise.all(rows.map((r) => r.evaluate((e) => e.textContent ?? '')));
    await rows[texts.findIndex((t) => t.includes('← #0'))].click();
    await p.page.waitForSelector('#parent-trial');
    assert.match(await p.page.$eval('#trial-detail', (e) => e.textContent ?? ''), /grown from\s*trial 0 by \{"op":"widen","group":0,"width":32,"noise":0.1\}/);
    await p.page.click('#parent-trial');
    await p.page.waitForFunction(() => document.querySelector('#trial-detail h2')?.textContent === 'Trial 0');
    assert.equal(await p.page.$$eval('#parent-trial', (x) => x.length), 0, 'the root has no parent');
    assert.deepEqual(p.errors, []);
  });

  it('shrink run: layer sizes next to loss and validation over epochs; evolve run: ops and the formula per epoch', async () => {
    const p = await page();
    const runs = await store.listRuns();
    const shrink = runs.find((r) => r.kind === 'shrink')!, evolve = runs.find((r) => r.kind === 'evolve')!;
    await openView(p, `${dash.url}#/run/${shrink.id}`, 'run');
    const titles = () => p.page.$$eval('#run-charts h2', (hs) => hs.map((x) => x.textContent));
    assert.deepEqual((await titles()).slice(0, 3), ['Layer sizes', 'Loss', 'Validation']);
    const legend = await p.page.$eval('#run-charts .chart', (c) => c.textContent ?? '');
    assert.match(legend, /size\.1.*size\.2/s, 'one line per hidden layer');
    await shot(p, 'run-shrink');
    await openView(p, `${dash.url}#/run/${evolve.id}`, 'run');
    assert.deepEqual((await titles()).slice(0, 2), ['Ops in the network', 'Loss']);
    assert.equal(await p.page.$$eval('#formulas tbody tr', (r) => r.length), 3);
    assert.match(await p.page.$eval('#formulas tbody tr', (r) => r.textContent ?? ''), /y0 = /);
    await shot(p, 'run-evolve');
    assert.deepEqual(p.errors, []);
  });

  it('live: a trial finished by a running search appears on the open study page within 2 s, without a reload', async () => {
    // The search is stopped once two trials have arrived; its budget is far more than that takes.
    const live = await startLiveSearch(join(dir, 'live.db'), 60, 25);
    try {
      const p = await page();
      await openView(p, `${live.dash.url}#/study/${live.studyId}`, 'study');
      const loadedAt = Date.now();
      assert.ok(live.running(), 'the search is still running when the page has loaded');
      await p.page.waitForFunction(() => Object.keys(window.topiary.arrivals).length >= 2, { timeout: 60_000 });
      const arrivals = await arrivalDelays(p.page, live);
      assert.ok(arrivals.every((a) => a.delayMs >= 0 && a.delayMs <= 2000), `seconds from finish to shown: ${arrivals.map((a) => (a.delayMs / 1000).toFixed(2)).join(', ')}`);
      assert.ok(arrivals.every((a) => a.arrivedAt > loadedAt), 'arrived after the page was loaded, not with it');
      await shot(p, 'study-live');
      assert.deepEqual(p.errors, []);
    } finally {
      await live.stop();
    }
  });
});
