/** This process as the store records it (a run's or a trial's owner): host, process id and a random tag, so that work left by a dead local process is recognised at once. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const WORKER_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** A worker on this host whose process is gone (trials of workers elsewhere are judged by their heartbeat alone). */
export function isDeadLocalWorker(worker: string | null): boolean {
  if (!worker || worker === WORKER_ID) return false;
  const [host, pidText] = worker.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid)) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
