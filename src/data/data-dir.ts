/** Where datasets live: --data-dir, else TOPIARY_DATA, else a per-user cache folder. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function resolveDataDir(flag?: string): string {
  if (flag) return resolve(flag);
  if (process.env.TOPIARY_DATA) return resolve(process.env.TOPIARY_DATA);
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(cache, 'topiary', 'datasets');
}
