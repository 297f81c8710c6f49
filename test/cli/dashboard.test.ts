/** `topiary dashboard` from the command line: it serves until Ctrl-C, warns when exposed, and refuses bad input with the fix. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../src/store/sqlite.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

async function emptyStore(): Promise<string> {
  const db = join(mkdtempSync(join(tmpdir(), 'topiary-dash-cli-')), 'store.db');
  await new SqliteStore(db).close();
  return db;
}

/** Starts the command, waits for its URL line, and returns it with everything printed to stderr until then. */
async function started(...args: string[]) {
  const child = spawn(process.execPath, [CLI, 'dashboard', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); const m = /at (http:\S+)/.exec(out); if (m) resolve(m[1]); });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { child, url, stderr: () => err };
}

it('serves until Ctrl-C, then exits 130 saying it closed the dashboard', async () => {
  const { child, url, stderr } = await started('--db', await emptyStore(), '--port', '0');
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const overview = await (await fetch(`${url}api/overview`)).json() as { totals: unknown };
  assert.deepEqual(overview.totals, { studies: 0, runs: 0, trials: 0 });
  assert.equal(stderr(), '', 'no warning on the loopback address');
  child.kill('SIGINT');
  const code = await new Promise((r) => child.once('exit', r));
  assert.equal(code, 130);
  assert.match(stderr(), /interrupted \(SIGINT\); closing the dashboard/);
});

it('warns when listening beyond this machine', async () => {
  const { child, stderr } = await started('--db', await emptyStore(), '--port', '0', '--host', '0.0.0.0');
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  assert.match(stderr(), /warning: listening on 0\.0\.0\.0, so other machines can read this store's studies, runs and model files; use the default --host 127\.0\.0\.1/);
});

it('refuses a missing store, a bad port and a port in use, naming the fix, without a stack trace', async () => {
  const missing = run('dashboard', '--db', '/nonexistent/dir/x.db');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no store at \/nonexistent\/dir\/x\.db/);
  assert.match(run('dashboard', '--db', await emptyStore(), '--port', '70000').stderr, /--port: got 70000; expected a port number from 0 to 65535/);
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const port = (busy.address() as { port: number }).port;
  const r = run('dashboard', '--db', await emptyStore(), '--port', String(port));
  busy.close();
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use; pass --port with another \\(0 picks a free one\\)`));
  for (const e of [missing.stderr, r.stderr]) assert.ok(!/\n\s+at /.test(e), 'no stack trace');
});
