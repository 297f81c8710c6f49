/**
 * A pool of worker threads that run jobs (trials, autofit steps, population scorings …) in parallel. After each
 * epoch a worker waits for `onEpoch` to answer whether to go on (a study stores the result and asks its pruner),
 * so a stopped job ends at once. A worker that crashes or exits fails only its own job and is replaced.
 *
 * The workers run `entry`: a module that serves its kind of jobs with `serveJobs`.
 */
import { OptionError } from '../core/option-error.js';
import { Worker } from 'node:worker_threads';
import type { Dataset } from '../data/dataset.js';
import { type EpochMetrics, VERDICT, type WorkerReply } from './job-messages.js';

export type EpochVerdict = (epoch: number, metrics: EpochMetrics) => Promise<'stop' | void>;

export interface PoolOptions {
  /** Data the tasks name that workers cannot load by name; shared with every worker, copied into shared memory once. */
  datasets?: Dataset[];
  /** The worker module: it serves the jobs with `serveJobs`. */
  entry: URL;
}

interface Pending<O> { resolve(o: O): void; reject(e: Error): void; onEpoch?: EpochVerdict }
interface Slot { worker: Worker; verdict: Int32Array; task: number | null }

export class JobPool<T, O> {
  private readonly idle: Slot[] = [];
  private readonly queue: (() => void)[] = [];
  private readonly pending = new Map<number, Pending<O>>();
  private readonly all = new Set<Slot>();
  private nextId = 0;
  private closing = false;

  private readonly datasets: Dataset[];
  private readonly entry: URL;

  constructor(readonly size: number, options: PoolOptions) {
    if (!(Number.isInteger(size) && size >= 1)) throw new OptionError('workers', `got ${size}; expected a positive integer`);
    this.datasets = (options.datasets ?? []).map(sharedDataset);
    this.entry = options.entry;
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  private spawn(): Slot {
    const buffer = new SharedArrayBuffer(4);
    const slot: Slot = { worker: new Worker(this.entry, { workerData: { verdict: buffer, datasets: this.datasets } }), verdict: new Int32Array(buffer), task: null };
    slot.worker.on('message', (m: WorkerReply<O>) => this.reply(slot, m));
    slot.worker.on('error', (e) => this.lost(slot, `its worker thread crashed: ${e.message}`));
    slot.worker.on('exit', (code) => this.lost(slot, `its worker thread exited (code ${code})`));
    this.all.add(slot);
    return slot;
  }

  /** A worker is gone: fail its trial, if any, and put a fresh worker in its place. */
  private lost(slot: Slot, why: string): void {
    if (!this.all.delete(slot) || this.closing) return;
    const id = slot.task;
    const idleAt = this.idle.indexOf(slot);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    const fresh = this.spawn();
    if (id !== null) {
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.reject(new Error(`trial stopped: ${why}`));
    }
    this.release(fresh);
  }

  run(task: T, onEpoch?: EpochVerdict): Promise<O> {
    return new Promise((resolve, reject) => {
      const start = () => {
        const slot = this.idle.pop()!, id = this.nextId++;
        slot.task = id;
        this.pending.set(id, { resolve, reject, onEpoch });
        slot.worker.postMessage({ id, task });
      };
      if (this.idle.length) start(); else this.queue.push(start);
    });
  }

  private release(slot: Slot): void {
    slot.task = null;
    this.idle.push(slot);
    this.queue.shift()?.();
  }

  private reply(slot: Slot, m: WorkerReply<O>): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'epoch') {
      const answer = (v: number) => { Atomics.store(slot.verdict, 0, v); Atomics.notify(slot.verdict, 0); };
      // A study that cannot store the report stops the trial (its result could not be kept anyway) and fails it with that error.
      (p.onEpoch ? p.onEpoch(m.epoch, m.metrics) : Promise.resolve()).then((r) => answer(r === 'stop' ? VERDICT.stop : VERDICT.goOn), (e: Error) => {
        answer(VERDICT.stop);
        this.pending.set(m.id, { ...p, resolve: () => p.reject(new Error(`could not store an epoch's result: ${e.message}`)) });
      });
      return;
    }
    this.pending.delete(m.id);
    this.release(slot);
    if (m.kind === 'done') p.resolve(m.outcome); else p.reject(new Error(m.error));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.all].map((s) => s.worker.terminate()));
  }
}

function shared<T extends Float32Array | Int32Array>(a: T): T {
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/** The dataset with its arrays in shared memory, so posting it to a worker copies no data. */
function sharedDataset(d: Dataset): Dataset {
  const split = (s: Dataset['train']) => ({ n: s.n, x: shared(s.x), ...(s.labels ? { labels: shared(s.labels) } : {}), ...(s.targets ? { targets: shared(s.targets) } : {}) });
  return { ...d, train: split(d.train), ...(d.test ? { test: split(d.test) } : {}) };
}
