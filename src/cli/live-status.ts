/**
 * One status line at the bottom of a terminal (stderr), redrawn every half
 * second, with log lines printed above it. Off the terminal it draws nothing
 * and log lines pass through.
 */
export interface LiveStatus {
  /** Prints a line above the status line. */
  log(line: string): void;
  /** Sets the text of the status line (shown at the next redraw). */
  set(text: string): void;
  stop(): void;
}

export function liveStatus(render: (text: string) => string, out: NodeJS.WriteStream = process.stderr, log: (line: string) => void = (l) => out.write(`${l}\n`)): LiveStatus {
  if (!out.isTTY) return { log, set() {}, stop() {} };
  let text = '';
  const clear = () => out.write('\r\x1b[K');
  const draw = () => { clear(); out.write(render(text).slice(0, Math.max(10, (out.columns || 100) - 1))); };
  const timer = setInterval(draw, 500);
  timer.unref();
  return {
    log(line) { clear(); log(line); draw(); },
    set(t) { text = t; },
    stop() { clearInterval(timer); clear(); },
  };
}
