/**
 * A pool of worker threads that train trials in parallel. After each epoch a
 * worker waits for `onEpoch` to answer whether to go on (the study stores the
 * result and asks its pruner), so a pruned trial stops at once.
 */
import { Worker } from 'node:worker_threads';
import type { TrialOutcome, TrialTask } from './train-trial.js';
import { VERDICT, type WorkerReply } from './trial-messages.js';

export type EpochVerdict = (epoch: number, metrics: { valid: number; params: number; seconds: number }) => Promise<'stop' | void>;

interface Pending { resolve(o: TrialOutcome): void; reject(e: Error): void; onEpoch?: EpochVerdict }
interface Slot { worker: Worker; verdict: Int32Array }

export class TrialPool {
  private readonly idle: Slot[] = [];
  private readonly queue: (() => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly all: Slot[] = [];
  private nextId = 0;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`--workers: got ${size}; expected a positive integer`);
    for (let i = 0; i < size; i++) {
      const buffer = new SharedArrayBuffer(4);
      const slot: Slot = { worker: new Worker(new URL('./trial-worker.js', import.meta.url), { workerData: { verdict: buffer } }), verdict: new Int32Array(buffer) };
      slot.worker.on('message', (m: WorkerReply) => this.reply(slot, m));
      slot.worker.on('error', (e) => { for (const p of this.pending.values()) p.reject(e); this.pending.clear(); });
      this.all.push(slot);
      this.idle.push(slot);
    }
  }

  run(task: TrialTask, onEpoch?: EpochVerdict): Promise<TrialOutcome> {
    return new Promise((resolve, reject) => {
      const start = () => {
        const slot = this.idle.pop()!, id = this.nextId++;
        this.pending.set(id, { resolve, reject, onEpoch });
        slot.worker.postMessage({ id, task });
      };
      if (this.idle.length) start(); else this.queue.push(start);
    });
  }

  private reply(slot: Slot, m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'epoch') {
      const answer = (v: number) => { Atomics.store(slot.verdict, 0, v); Atomics.notify(slot.verdict, 0); };
      (p.onEpoch ? p.onEpoch(m.epoch, m.metrics) : Promise.resolve()).then((r) => answer(r === 'stop' ? VERDICT.stop : VERDICT.goOn), () => answer(VERDICT.goOn));
      return;
    }
    this.pending.delete(m.id);
    this.idle.push(slot);
    this.queue.shift()?.();
    if (m.kind === 'done') p.resolve(m.outcome); else p.reject(new Error(m.error));
  }

  async close(): Promise<void> { await Promise.all(this.all.map((s) => s.worker.terminate())); }
}
