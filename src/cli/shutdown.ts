/**
 * Stopping cleanly: on SIGINT or SIGTERM (and when stdout's reader goes away,
 * as with `| head -1`), the registered steps run — open runs are marked
 * interrupted, trials in flight failed, stores closed — and the process ends
 * with 130 / 143 (0 for a closed pipe: the reader has what it wanted). A
 * second signal ends it at once.
 */
const steps = new Set<() => Promise<void>>();
let stopping = false;
let closing = 'ending open runs as interrupted';

export function onShutdown(step: () => Promise<void>): () => void {
  steps.add(step);
  return () => { steps.delete(step); };
}

async function shutdown(code: number, why: string | null): Promise<void> {
  if (stopping) process.exit(code);
  stopping = true;
  if (why) process.stderr.write(`topiary: ${why}; ${closing}\n`);
  const all = Promise.allSettled([...steps].map((s) => s()));
  await Promise.race([all, new Promise((r) => setTimeout(r, 5000).unref())]);
  process.exit(code);
}

/**
 * Installs the handlers (once, by the command line). Signals are caught only for commands that keep the event loop
 * free; `what` says what stopping does, for the line printed on a signal.
 */
export function installShutdown(catchSignals: boolean, what?: string): void {
  if (what) closing = what;
  if (catchSignals) {
    process.on('SIGINT', () => { void shutdown(130, 'interrupted (SIGINT)'); });
    process.on('SIGTERM', () => { void shutdown(143, 'terminated (SIGTERM)'); });
  }
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') void shutdown(0, null);
    else throw e;
  });
}
