/** `topiary dashboard`: serves the web dashboard over a store until stopped (Ctrl-C). */
import { startDashboard } from '../dashboard/server.js';
import { openStore } from '../store/open.js';
import { intFlag, optionName, parseArgs } from './args.js';
import { onShutdown } from './shutdown.js';
import { storeUrl } from './store-flags.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export async function dashboardCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { storage: 'string', db: 'string', port: 'string', host: 'string', json: 'boolean' });
  const port = intFlag(p, 'port', 8080, 0);
  if (port > 65535) throw new Error(`${optionName(p, 'port')}: got ${port}; expected a port number from 0 to 65535 (0 picks a free one)`);
  const host = String(p.flags.get('host') ?? '127.0.0.1');
  const store = await openStore(storeUrl(p), { mustExist: true });
  let dashboard;
  try {
    dashboard = await startDashboard(store, { port, host });
  } catch (e) {
    await store.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} on ${host} is in use; pass --port with another (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new Error(`${optionName(p, 'host')}: "${host}" is not an address of this machine; the default 127.0.0.1 serves this machine only`);
    throw e;
  }
  if (!LOOPBACK.test(host)) {
    process.stderr.write(`topiary dashboard: warning: listening on ${host}, so other machines can read this store's studies, runs and model files; use the default --host 127.0.0.1 to keep it local\n`);
  }
  log(`dashboard of ${store.url} at ${dashboard.url} (Ctrl-C stops it)`);
  const url = dashboard.url;
  await new Promise<void>((stopped) => {
    onShutdown(async () => { await dashboard.close(); await store.close(); stopped(); });
  });
  return { url };
}
