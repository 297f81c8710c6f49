/** The downloader against a local HTTP server: good, corrupt, truncated and missing files. */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { download, verifyFile, type FileSource } from '../../src/data/download.js';

const body = Buffer.from('topiary fixture file\n'.repeat(200));
const md5 = createHash('md5').update(body).digest('hex');
let server: Server, base = '';

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/good') { res.writeHead(200, { 'content-length': body.length }); res.end(body); }
    else if (req.url === '/moved') { res.writeHead(302, { location: '/good' }); res.end(); }
    else if (req.url === '/corrupt') { const b = Buffer.from(body); b[10] ^= 0xff; res.writeHead(200, { 'content-length': b.length }); res.end(b); }
    else if (req.url === '/truncated') { res.writeHead(200, { 'content-length': body.length }); res.write(body.subarray(0, 100)); setTimeout(() => res.destroy(), 50); }
    else { res.writeHead(404); res.end(); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const source = (...paths: string[]): FileSource => ({ file: 'f.bin', md5, bytes: body.length, urls: paths.map((p) => base + p) });

it('downloads, follows a redirect, verifies and renames into place', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-dl-'));
  await download(source('/moved'), join(dir, 'f.bin'));
  assert.deepEqual(readFileSync(join(dir, 'f.bin')), body);
  await verifyFile(source(), join(dir, 'f.bin'));
});

it('a corrupt, truncated or missing file fails with the reason and leaves nothing behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-dl-'));
  const dest = join(dir, 'f.bin');
  await assert.rejects(download(source('/corrupt'), dest), /checksum mismatch: md5 [0-9a-f]+, expected/);
  await assert.rejects(download(source('/truncated'), dest), /f.bin: download failed \(.*\/truncated: connection closed early after 100 bytes/);
  await assert.rejects(download(source('/missing'), dest), /HTTP 404/);
  assert.deepEqual(readdirSync(dir), []);
  assert.equal(existsSync(dest), false);
});

it('falls back to the next address, and verify names size and md5 problems', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-dl-'));
  await download(source('/missing', '/good'), join(dir, 'f.bin'));
  writeFileSync(join(dir, 'f.bin'), body.subarray(0, 50));
  await assert.rejects(verifyFile(source(), join(dir, 'f.bin')), /size 50 bytes, expected 4200/);
  const flipped = Buffer.from(body); flipped[0] ^= 1;
  writeFileSync(join(dir, 'f.bin'), flipped);
  await assert.rejects(verifyFile(source(), join(dir, 'f.bin')), /md5 [0-9a-f]+, expected/);
});
