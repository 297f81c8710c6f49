/** Headless Chromium for the dashboard tests: Debian's chromium, driven by puppeteer-core; pages that record their console errors; screenshots kept. */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.TOPIARY_CHROMIUM ?? '/usr/bin/chromium';

/** Where the screenshots go: test-output/dashboard in the repository. */
export const SHOTS = fileURLToPath(new URL('../../../test-output/dashboard/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does) or set TOPIARY_CHROMIUM`);
  mkdirSync(SHOTS, { recursive: true });
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export interface WatchedPage { page: Page; errors: string[]; dialogs: string[] }

/** A page that records console errors, uncaught exceptions, failed requests and dialogs (an alert would mean injected script ran). */
export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1300, height: 1000 });
  const errors: string[] = [], dialogs: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push((e as Error).message));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  return { page, errors, dialogs };
}

/** Opens a route and waits until the view says it is completely drawn. */
export async function openView(p: WatchedPage, url: string, view: string): Promise<void> {
  await p.page.goto(url);
  await p.page.waitForFunction((v) => document.body.dataset.ready === v, { timeout: 20_000 }, view);
}

export const shot = (p: WatchedPage, name: string) => p.page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
