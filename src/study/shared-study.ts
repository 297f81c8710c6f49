/**
 * A study joined by many workers, on one machine or many, through a shared
 * store. No process coordinates the others; the store does:
 * - a worker first takes a waiting trial (one handed back when its worker
 *   died); otherwise it brings its strategy up to date with every trial that
 *   finished since it last looked (in the order they finished), asks it for
 *   an architecture and claims it in one atomic step that fails when another
 *   worker already has that architecture or the study's budget is full;
 * - every worker reaps stale trials (no heartbeat within the grace period, or
 *   a dead process on this host): each is marked failed and queued again;
 * - a worker whose lease was taken away stops its trial at the next report
 *   and its result is refused by the store;
 * - when the budget is full the worker waits while other trials are still
 *   running (one may go stale and come back), and ends when all are final.
 * Each worker runs the strategy from the study's seed, so strategies whose
 * proposals do not depend on results (random, grid) give the same set of
 * trials however many workers share the study.
 */
import type { ExperimentStore, StudyRow, StudyTrialRow } from '../store/store.js';
import { Fitness, type Scalarization, objectiveVector } from './fitness.js';
import type { Objective } from './objectives.js';
import type { Pruner } from './pruners/pruner.js';
import type { SearchSpace } from './space.js';
import { type Strategy, strategyAttrs } from './strategy.js';
import { type AskedTrial, type Mirror, type StudyHandle, type TrialOutcome, mirrorOf, mirrorStep } from './study.js';
import { failStale } from './stale.js';
import { WORKER_ID } from '../store/process-id.js';

export interface SharedStudyOptions<P> {
  store: ExperimentStore;
  row: StudyRow;
  space: SearchSpace<P>;
  strategy: Strategy<P>;
  /** The most trials that have not failed (the study's budget). */
  budget: number;
  pruner?: Pruner;
  scalarization?: Scalarization;
  /** A running trial without a heartbeat for this long is taken as dead (default 120 s). */
  staleAfterSeconds?: number;
  /** How often a worker with nothing to claim looks again while others still run trials (default 2 s). */
  pollSeconds?: number;
  worker?: string;
  log?: (line: string) => void;
}


export class SharedStudy<P> implements StudyHandle<P> {
  private readonly objectives: Objective[];
  private readonly fitness: Fitness;
  private readonly mirror = new Map<number, Mirror>();
  private readonly told = new Set<number>();
  private readonly lost = new Set<number>();
  private lastFinish = 0;
  private lastCreated = 0;
  /** Architectures other workers (or this one) already have: skipped without asking the store. */
  private readonly taken = new Set<string>();
  readonly worker: string;

  constructor(private readonly o: SharedStudyOptions<P>) {
    this.objectives = o.row.objectives as Objective[];
    this.fitness = new Fitness(this.objectives, o.scalarization);
    this.worker = o.worker ?? WORKER_ID;
  }

  get store(): ExperimentStore { return this.o.store; }
  get space(): SearchSpace<P> { return this.o.space; }

  /** Tells the strategy every trial finished since the last look (others' and, once, this worker's own). */
  private async sync(): Promise<void> {
    for (const t of await this.o.store.listTrials(this.o.row.id, { afterId: this.lastCreated })) {
      this.lastCreated = Math.max(this.lastCreated, t.id);
      this.taken.add(t.paramsKey);
    }
    for (const t of await this.o.store.listTrials(this.o.row.id, { finishedAfter: this.lastFinish })) {
      this.lastFinish = Math.max(this.lastFinish, t.finishSeq ?? 0);
      this.remember(t);
      if (this.told.has(t.id) || !this.o.space.isValid(t.params)) continue;
      this.told.add(t.id);
      this.tellStrategy(t.id, t.params, t.number, t.state as 'completed' | 'failed' | 'pruned', t.values);
    }
  }

  private remember(t: StudyTrialRow): void {
    this.mirror.set(t.id, mirrorOf(t, this.objectives, t.number));
  }

  private tellStrategy(id: number, params: P, number: number, state: 'completed' | 'failed' | 'pruned', values: number[] | null): void {
    const intermediate = this.mirror.get(id)?.intermediate ?? [];
    this.o.strategy.tell({ number, params, state, values, fitness: this.fitness.of(values, state === 'completed'), intermediate });
  }

  private lastReap = -Infinity;

  /** Marks stale trials failed and queues each again for any worker (at most every few seconds unless `now`). */
  private async reap(now = false): Promise<void> {
    if (!now && performance.now() - this.lastReap < 3000) return;
    this.lastReap = performance.now();
    const running = await this.o.store.listTrials(this.o.row.id, { states: ['running'] });
    const stale = await failStale(this.o.store, this.o.row.id, running, this.o.staleAfterSeconds);
    for (const id of stale) {
      const t = running.find((r) => r.id === id) ?? (await this.o.store.getTrial(id))!;
      await this.o.store.enqueueTrial(this.o.row.id, t.params, t.paramsKey);
      this.o.log?.(`trial ${t.number} (${t.paramsKey}) went stale (worker ${t.worker ?? '?'}): queued again`);
    }
  }

  async ask(): Promise<AskedTrial<P> | null> {
    for (;;) {
      await this.reap();
      const waiting = await this.o.store.claimWaitingTrial(this.o.row.id, this.worker);
      if (waiting) return this.asked(waiting);
      await this.sync();
      for (let tries = 0; tries < 1000; tries++) {
        const params = this.o.strategy.ask();
        if (params === null) return this.waitForOthers();
        const key = this.o.space.key(params);
        // Taken by another worker: its result reaches the strategy when it finishes.
        if (this.taken.has(key)) continue;
        const claim = await this.o.store.claimNewTrial(this.o.row.id, params, key, this.worker, this.o.budget);
        this.taken.add(key);
        if ('trial' in claim) return this.asked(claim.trial, params);
        if ('full' in claim) return this.waitForOthers();
      }
      return this.waitForOthers();
    }
  }

  /** Ends this worker (null) unless trials of others are still running or waiting; then looks again after a pause. */
  private async waitForOthers(): Promise<AskedTrial<P> | null> {
    const open = await this.o.store.listTrials(this.o.row.id, { states: ['running', 'waiting'] });
    if (open.length === 0) return null;
    await new Promise((r) => setTimeout(r, (this.o.pollSeconds ?? 2) * 1000));
    await this.reap(true);
    return this.ask();
  }

  private asked(row: StudyTrialRow, params = row.params as P): AskedTrial<P> {
    this.remember(row);
    return { id: row.id, number: row.number, params, key: row.paramsKey, ...(this.o.strategy.notes ? { notes: this.o.strategy.notes(params) } : {}) };
  }

  async report(trial: AskedTrial<P>, step: number, metrics: Record<string, number>): Promise<void> {
    await this.o.store.reportIntermediate(trial.id, step, metrics);
    mirrorStep(this.mirror.get(trial.id)!, step, objectiveVector(this.objectives, metrics));
  }

  /** Against finished trials only (other workers' running trials are not in view); a trial whose lease was taken away stops. */
  shouldPrune(trial: AskedTrial<P>): boolean {
    if (this.lost.has(trial.id)) return true;
    if (!this.o.pruner) return false;
    const me = this.mirror.get(trial.id)!;
    const all = [...this.mirror.values()].filter((t) => t === me || t.state === 'completed' || t.state === 'pruned');
    return this.o.pruner.shouldPrune(this.objectives, me, all);
  }

  async heartbeat(trial: AskedTrial<P>): Promise<boolean> {
    const held = await this.o.store.heartbeatTrial(trial.id);
    if (!held) this.lost.add(trial.id);
    return held;
  }

  async tell(trial: AskedTrial<P>, outcome: TrialOutcome): Promise<number[] | null> {
    const values = outcome.state === 'failed' ? null : objectiveVector(this.objectives, outcome.metrics);
    const kept = await this.o.store.finishTrial(trial.id, outcome.state, values,
      { ...outcome.metrics, ...outcome.attrs, arch: this.o.space.describe(trial.params), ...strategyAttrs(this.o.strategy, trial.params, this.objectives) }, outcome.error, this.worker);
    if (!kept) {
      this.o.log?.(`trial ${trial.number}: its lease was taken away (another worker runs it again); this result is dropped`);
      return values;
    }
    this.mirror.get(trial.id)!.state = outcome.state;
    this.told.add(trial.id);
    this.tellStrategy(trial.id, trial.params, trial.number, outcome.state, values);
    return values;
  }
}
