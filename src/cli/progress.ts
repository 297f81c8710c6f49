/** A progress bar on a terminal (stderr), nothing otherwise: per-epoch lines carry the information. */
export function progress(_log: (line: string) => void): { update(done: number, total: number, text: string): void; done(): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(done, total, text) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 30, filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${text}   `);
    },
    done() { if (tty) process.stderr.write('\r\x1b[K'); },
  };
}
