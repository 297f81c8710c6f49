/**
 * Fetches dataset files over HTTP(S) and verifies them. A file appears under
 * its final name only after its size and MD5 match; failures leave nothing behind.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname } from 'node:path';
import { DataError } from './errors.js';

export interface FileSource { file: string; urls: string[]; md5: string; bytes: number }

function request(url: string, redirects = 5): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { timeout: 30000 }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && redirects > 0) {
        res.resume();
        resolve(request(new URL(res.headers.location, url).toString(), redirects - 1));
      } else if (status !== 200) {
        res.resume();
        reject(new Error(`HTTP ${status}`));
      } else resolve(res);
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', reject);
  });
}

async function fetchTo(url: string, tmp: string, expectedBytes: number): Promise<{ bytes: number; md5: string }> {
  const res = await request(url);
  const hash = createHash('md5');
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(tmp);
    res.on('data', (chunk: Buffer) => { hash.update(chunk); bytes += chunk.length; });
    const early = (e?: Error) => reject(new Error(`connection closed early after ${bytes} bytes${e ? ` (${e.message})` : ''}`));
    res.on('aborted', () => early());
    res.on('error', early);
    out.on('error', reject);
    out.on('finish', resolve);
    res.pipe(out);
  });
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared !== bytes) throw new Error(`truncated: received ${bytes} of ${declared} bytes`);
  if (bytes !== expectedBytes) throw new Error(`size ${bytes} bytes, expected ${expectedBytes}`);
  return { bytes, md5: hash.digest('hex') };
}

/** Downloads one file, trying each URL in turn; throws naming the file, the URLs tried and the fix. */
export async function download(src: FileSource, dest: string): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = `${dest}.part-${process.pid}`;
  const problems: string[] = [];
  for (const url of src.urls) {
    try {
      const got = await fetchTo(url, tmp, src.bytes);
      if (got.md5 !== src.md5) throw new Error(`checksum mismatch: md5 ${got.md5}, expected ${src.md5}`);
      renameSync(tmp, dest);
      return;
    } catch (e) {
      problems.push(`${url}: ${(e as Error).message}`);
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  throw new DataError(dest, `download failed (${problems.join('; ')})`, 'Check the network, or copy the file there by hand and run `topiary datasets verify`');
}

export function md5File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('md5');
    createReadStream(path).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });
}

/** Checks a file on disk against its source's size and MD5. */
export async function verifyFile(src: FileSource, path: string): Promise<void> {
  let size: number;
  try { size = statSync(path).size; } catch {
    throw new DataError(path, 'file not found', `Run \`topiary datasets download\` or copy ${src.file} there`);
  }
  if (size !== src.bytes) throw new DataError(path, `size ${size} bytes, expected ${src.bytes}`, 'The file is truncated or a different version: delete it and download again');
  const md5 = await md5File(path);
  if (md5 !== src.md5) throw new DataError(path, `md5 ${md5}, expected ${src.md5}`, 'The file is corrupt or a different version: delete it and download again');
}
