/**
 * A real PostgreSQL server for the tests, started once per test process on
 * 127.0.0.1 in a temporary folder (Debian's postgresql package: initdb and
 * pg_ctl), with password authentication over TCP, and stopped when the
 * process exits. Sets TOPIARY_TEST_POSTGRES to its administrator URL unless
 * the environment already names a server.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_PASSWORD = 'topiary-test';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql (.ci/run does)');
  return join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
}

export interface TestServer { url: string; port: number; dir: string; restart(): void; stop(): void }

/** Starts a server; as root it runs as the postgres user (initdb refuses root). */
export async function startPostgres(): Promise<TestServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'topiary-pg-'));
  const data = join(dir, 'data'), pw = join(dir, 'pw');
  writeFileSync(pw, PG_PASSWORD);
  const asRoot = process.getuid?.() === 0;
  let uid = -1, gid = -1;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    uid = id('-u');
    gid = id('-g');
    chownSync(dir, uid, gid);
    chownSync(pw, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]) => {
    const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8' }) : spawnSync(join(bin, cmd), args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth-host=scram-sha-256', '--auth-local=trust', `--pwfile=${pw}`, '-E', 'UTF8', '--no-locale']);
  const port = await freePort();
  const start = () => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  start();
  const stop = () => { try { run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']); } catch { /* already stopped */ } };
  process.once('exit', stop);
  return { url: `postgresql://postgres:${PG_PASSWORD}@127.0.0.1:${port}/postgres`, port, dir, stop, restart: () => { stop(); start(); } };
}

/** The URL of a server for this test process: the environment's, or one started now. */
export async function testPostgresUrl(): Promise<string> {
  if (!process.env.TOPIARY_TEST_POSTGRES) process.env.TOPIARY_TEST_POSTGRES = (await startPostgres()).url;
  return process.env.TOPIARY_TEST_POSTGRES;
}
