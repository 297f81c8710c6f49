/** Checks an output path before any work: its folder is created and a file can be written there, or the error names the path and the flag. */
import { OptionError } from '../core/option-error.js';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Creates the missing folders of `dir` one level at a time (recursive mkdir can spin forever on special file systems such as /proc). */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw Object.assign(new Error(`${at} is a file`), { code: 'ENOTDIR' });
  for (const d of missing.reverse()) mkdirSync(d);
}

/** `path` is a file to be written (`kind: 'file'`) or a folder to write into (`kind: 'dir'`). */
export function ensureWritable(path: string, kind: 'file' | 'dir', what: string): void {
  const dir = kind === 'dir' ? path : dirname(path);
  try {
    makeFolders(dir);
    const probe = join(dir, `.topiary-write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new OptionError(what, `cannot write to ${resolve(dir)} (${reason}); pick a folder you can write to`);
  }
}
