/** A pool of worker threads that train trials in parallel; each trial reports heartbeats while it runs. */
import { Worker } from 'node:worker_threads';
import type { TrialOutcome, TrialTask } from './train-trial.js';
import type { WorkerReply } from './trial-worker.js';

interface Pending { resolve(o: TrialOutcome): void; reject(e: Error): void; onHeartbeat?: (epoch: number, valid: number) => void }

export class TrialPool {
  private readonly idle: Worker[] = [];
  private readonly queue: (() => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly all: Worker[] = [];
  private nextId = 0;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`--workers: got ${size}; expected a positive integer`);
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./trial-worker.js', import.meta.url));
      w.on('message', (m: WorkerReply) => this.reply(w, m));
      w.on('error', (e) => { for (const p of this.pending.values()) p.reject(e); this.pending.clear(); });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  run(task: TrialTask, onHeartbeat?: (epoch: number, valid: number) => void): Promise<TrialOutcome> {
    return new Promise((resolve, reject) => {
      const start = () => {
        const w = this.idle.pop()!, id = this.nextId++;
        this.pending.set(id, { resolve, reject, onHeartbeat });
        w.postMessage({ id, task });
      };
      if (this.idle.length) start(); else this.queue.push(start);
    });
  }

  private reply(w: Worker, m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'heartbeat') { p.onHeartbeat?.(m.epoch, m.valid); return; }
    this.pending.delete(m.id);
    this.idle.push(w);
    this.queue.shift()?.();
    if (m.kind === 'done') p.resolve(m.outcome); else p.reject(new Error(m.error));
  }

  async close(): Promise<void> { await Promise.all(this.all.map((w) => w.terminate())); }
}
