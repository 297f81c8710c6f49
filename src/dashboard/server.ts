/**
 * The dashboard's web server: the page, its bundled assets (nothing from the
 * internet), a read-only JSON API over the experiment store, and downloads of
 * the files the store names. Any method but GET and HEAD is refused, and any
 * path not in the routes below is 404, so no request can write to the store
 * or reach other files.
 */
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExperimentStore } from '../store/store.js';
import { INDEX_HTML, STYLE_CSS } from './page.js';
import { DashboardViews } from './views.js';

export interface DashboardOptions { port?: number; host?: string }

export interface Dashboard { readonly url: string; readonly server: Server; close(): Promise<void> }

type Asset = { type: string; body: Buffer };

const SECURITY_HEADERS = {
  // Scripts only from this server; the charts set inline styles on their elements.
  'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Every static file the page loads, read once at start: the shell, the style sheet, uPlot and the page's own modules. */
function bundledAssets(): Map<string, Asset> {
  const js = 'text/javascript; charset=utf-8', css = 'text/css; charset=utf-8';
  const uplot = createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js');
  const assets = new Map<string, Asset>([
    ['/', { type: 'text/html; charset=utf-8', body: Buffer.from(INDEX_HTML) }],
    ['/assets/style.css', { type: css, body: Buffer.from(STYLE_CSS) }],
    ['/assets/uplot.js', { type: js, body: readFileSync(uplot) }],
    ['/assets/uplot.css', { type: css, body: readFileSync(uplot.replace(/uPlot\.iife\.min\.js$/, 'uPlot.min.css')) }],
  ]);
  const clientDir = fileURLToPath(new URL('./client/', import.meta.url));
  if (!existsSync(clientDir)) throw new Error(`dashboard: the page's modules are missing from ${clientDir}; run npm run build`);
  for (const name of readdirSync(clientDir).filter((f) => /^[a-z0-9-]+\.js$/.test(f))) {
    assets.set(`/assets/app/${name}`, { type: js, body: readFileSync(`${clientDir}/${name}`) });
  }
  return assets;
}

/** Rejects what no route can mean: parent steps and encoded separators or dots, so a path is matched as written. */
const suspicious = (rawUrl: string): boolean => /\.\.|%2e|%2f|%5c|\\|%00/i.test(rawUrl);

class NotFound extends Error {}

export async function startDashboard(store: ExperimentStore, opts: DashboardOptions = {}): Promise<Dashboard> {
  const host = opts.host ?? '127.0.0.1';
  const assets = bundledAssets();
  const views = new DashboardViews(store);
  const found = <T>(v: T | null): T => { if (v === null) throw new NotFound(); return v; };
  const int = (s: string): number => { const n = Number(s); if (!Number.isSafeInteger(n) || n < 0) throw new NotFound(); return n; };

  const api: [RegExp, (m: string[], query: URLSearchParams) => Promise<unknown>][] = [
    [/^\/api\/overview$/, () => views.overview()],
    [/^\/api\/study\/(\d+)$/, (m, q) => views.study(int(m[1]), int(q.get('since') ?? '0')).then(found)],
    [/^\/api\/study\/(\d+)\/trial\/(\d+)$/, (m) => views.trial(int(m[1]), int(m[2])).then(found)],
    [/^\/api\/run\/(\d+)$/, (m) => views.run(int(m[1])).then(found)],
  ];
  const files: [RegExp, (m: string[]) => Promise<string | null>][] = [
    [/^\/files\/run\/(\d+)\/(\d+)$/, (m) => views.runFile(int(m[1]), int(m[2]))],
    [/^\/files\/study\/(\d+)\/trial\/(\d+)\/([a-z]+)$/, (m) => views.trialFile(int(m[1]), int(m[2]), m[3])],
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => send(404, 'text/plain; charset=utf-8', 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'the dashboard is read-only\n', { Allow: 'GET, HEAD' });
    const raw = req.url ?? '/';
    if (suspicious(raw)) return notFound();
    const url = new URL(raw, 'http://dashboard.invalid');
    const asset = assets.get(url.pathname);
    if (asset) return send(200, asset.type, asset.body);
    try {
      for (const [re, get] of api) {
        const m = re.exec(url.pathname);
        if (m) return send(200, 'application/json; charset=utf-8', JSON.stringify(await get(m, url.searchParams)));
      }
      for (const [re, get] of files) {
        const m = re.exec(url.pathname);
        if (!m) continue;
        const path = found(await get(m));
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${basename(path).replace(/[^\w.-]/g, '_')}"` });
        if (req.method === 'HEAD') { res.end(); return; }
        createReadStream(path).on('error', () => res.destroy()).pipe(res);
        return;
      }
      return notFound();
    } catch (e) {
      if (e instanceof NotFound) return notFound();
      return send(500, 'application/json; charset=utf-8', JSON.stringify({ error: (e as Error).message }));
    }
  }

  const server = createServer((req, res) => { handle(req, res).catch(() => res.destroy()); });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, host, () => { server.off('error', reject); resolveListen(); });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port ?? 8080;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`, server,
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}
