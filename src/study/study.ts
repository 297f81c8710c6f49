/**
 * A study: a named set of trials in a store, searched by one strategy under
 * one or more objectives, with an optional pruner. `ask` proposes and leases
 * a trial, `report` stores an intermediate result, `shouldPrune` asks the
 * pruner, `tell` finishes the trial as completed, failed or pruned.
 *
 * Opening an existing study resumes it: trials whose worker died (or whose
 * heartbeat is older than the grace period) are marked failed, and the
 * strategy is rebuilt from its seed, its proposals answered from the finished
 * trials of the same architecture, in order, instead of evaluated again, so
 * a resumed study ends where an uninterrupted one would.
 */
import type { ExperimentStore, StudyRow, StudyTrialRow } from '../store/store.js';
import { type Scalarization, Fitness, objectiveVector } from './fitness.js';
import { type Objective, formatObjectives } from './objectives.js';
import type { Pruner, PrunerTrial } from './pruners/pruner.js';
import type { SearchSpace } from './space.js';
import { type FinishedTrial, type Strategy, strategyAttrs } from './strategy.js';
import { WORKER_ID } from '../store/process-id.js';
import { failStale } from './stale.js';

export type { Scalarization };

export interface StudyOptions<P> {
  store: ExperimentStore;
  name: string;
  objectives: Objective[];
  /** Settings that define the study (strategy, space, seed, data, …); joining it with other settings is an error. Default: none. */
  config?: Record<string, unknown>;
  space: SearchSpace<P>;
  strategy: Strategy<P>;
  pruner?: Pruner;
  scalarization?: Scalarization;
  /** A running trial without a heartbeat for this long is taken as dead (default 120 s). */
  staleAfterSeconds?: number;
}

export interface AskedTrial<P> {
  id: number;
  number: number;
  params: P;
  key: string;
  /** Set when the trial finished in an earlier session: its result is reused, not evaluated again. */
  previous?: StudyTrialRow;
  /** What the strategy keeps with it (Strategy.notes), also stored with its result. */
  notes?: Record<string, unknown>;
}

export interface TrialOutcome {
  state: 'completed' | 'failed' | 'pruned';
  metrics: Record<string, number>;
  attrs?: Record<string, unknown>;
  error?: string;
}

/** What the study loop (runStudy) needs of a study: the single-process Study below, or a SharedStudy joined by many workers. */
export interface StudyHandle<P> {
  readonly store: ExperimentStore;
  readonly space: SearchSpace<P>;
  ask(): Promise<AskedTrial<P> | null>;
  report(trial: AskedTrial<P>, step: number, metrics: Record<string, number>): Promise<void>;
  shouldPrune(trial: AskedTrial<P>, finishedOnly?: boolean): boolean;
  /** Renews the trial's lease; false when it was taken away (the trial should stop). */
  heartbeat(trial: AskedTrial<P>): Promise<boolean>;
  tell(trial: AskedTrial<P>, outcome: TrialOutcome): Promise<number[] | null>;
}

/** What the pruner sees of a trial: its state and its reports as objective vectors. */
export interface Mirror extends PrunerTrial { intermediate: { step: number; values: number[] }[] }

/** The pruner's view of a stored trial. */
/** Keeps a trial's values at `step` in its mirror, replacing an earlier report of the same step. */
export function mirrorStep(m: Mirror, step: number, values: number[]): void {
  m.intermediate = m.intermediate.filter((r) => r.step !== step);
  m.intermediate.push({ step, values });
}

export function mirrorOf(row: StudyTrialRow, objectives: readonly Objective[], position: number): Mirror {
  return { number: row.number, position, state: row.state, intermediate: row.intermediate.map((r) => ({ step: r.step, values: objectiveVector(objectives, r.metrics) })) };
}

export class Study<P> implements StudyHandle<P> {
  private readonly mirror = new Map<number, Mirror>();
  private readonly fitness: Fitness;

  private constructor(readonly row: StudyRow, private readonly o: StudyOptions<P> & { config: Record<string, unknown> }, private readonly previous: Map<string, StudyTrialRow[]>,
    readonly staleTrials: number[], readonly resumed: boolean) {
    this.fitness = new Fitness(o.objectives, o.scalarization);
  }

  get store(): ExperimentStore { return this.o.store; }
  get space(): SearchSpace<P> { return this.o.space; }

  static async open<P>(options: StudyOptions<P>): Promise<Study<P>> {
    // Checked by name for JavaScript callers, who get no type errors.
    for (const k of ['store', 'name', 'objectives', 'space', 'strategy'] as const) {
      if (options[k] === undefined || options[k] === null) throw new Error(`Study.open: options.${k} is required (or use createStudy, which has defaults for all but the space and objectives)`);
    }
    const o = { ...options, config: options.config ?? {} };
    if (o.objectives.length === 0) throw new Error(`study ${o.name}: needs at least one objective`);
    if (o.scalarization?.kind === 'weights' && o.scalarization.weights.length !== o.objectives.length) {
      throw new Error(`study ${o.name}: ${o.scalarization.weights.length} weights for ${o.objectives.length} objectives (${formatObjectives(o.objectives)})`);
    }
    const existing = await o.store.getStudy(o.name);
    const row = existing ?? await o.store.createStudy(o.name, o.objectives, o.config);
    // Checked on the row the store returned: another process may have created the study between the two calls.
    checkSameStudy(row, o as StudyOptions<unknown> & { config: Record<string, unknown> });
    if (existing && existing.status !== 'running') await o.store.setStudyStatus(row.id, 'running');
    const before = await o.store.listTrials(row.id);
    const stale = await failStale(o.store, row.id, before, o.staleAfterSeconds);
    const previous = new Map<string, StudyTrialRow[]>();
    for (const t of before) {
      if (t.state !== 'completed' && t.state !== 'pruned') continue;
      const queue = previous.get(t.paramsKey) ?? [];
      queue.push(t);
      previous.set(t.paramsKey, queue);
    }
    return new Study(row, o, previous, stale, existing !== null);
  }

  /** The next trial, or null when the strategy has nothing left to propose. */
  async ask(): Promise<AskedTrial<P> | null> {
    const params = this.o.strategy.ask();
    if (params === null) return null;
    const key = this.o.space.key(params);
    const previous = this.previous.get(key)?.shift();
    const notes = this.o.strategy.notes ? { notes: this.o.strategy.notes(params) } : {};
    if (previous) {
      this.mirror.set(previous.id, mirrorOf(previous, this.o.objectives, this.mirror.size));
      return { id: previous.id, number: previous.number, params, key, previous, ...notes };
    }
    const row = await this.o.store.createTrial(this.row.id, params, key, WORKER_ID);
    this.mirror.set(row.id, { number: row.number, position: this.mirror.size, state: 'running', intermediate: [] });
    return { id: row.id, number: row.number, params, key, ...notes };
  }

  async report(trial: AskedTrial<P>, step: number, metrics: Record<string, number>): Promise<void> {
    await this.o.store.reportIntermediate(trial.id, step, metrics);
    mirrorStep(this.mirror.get(trial.id)!, step, this.vector(metrics));
  }

  heartbeat(trial: AskedTrial<P>): Promise<boolean> { return this.o.store.heartbeatTrial(trial.id); }

  /** Whether the pruner stops the trial at its last report; `finishedOnly`: compare with finished trials only (not running siblings). */
  shouldPrune(trial: AskedTrial<P>, finishedOnly = false): boolean {
    if (!this.o.pruner) return false;
    const me = this.mirror.get(trial.id)!;
    const all = [...this.mirror.values()].filter((t) => t === me || !finishedOnly || (t.state !== 'running' && t.state !== 'waiting'));
    return this.o.pruner.shouldPrune(this.o.objectives, me, all);
  }

  /** Finishes a trial (a resumed one is only told to the strategy); returns its objective values (null when failed). */
  async tell(trial: AskedTrial<P>, outcome: TrialOutcome): Promise<number[] | null> {
    const values = outcome.state === 'failed' ? null : this.vector(outcome.metrics);
    if (!trial.previous) {
      await this.o.store.finishTrial(trial.id, outcome.state, values,
        { ...outcome.metrics, ...outcome.attrs, arch: this.o.space.describe(trial.params), ...strategyAttrs(this.o.strategy, trial.params, this.o.objectives) }, outcome.error);
    }
    const mirror = this.mirror.get(trial.id)!;
    mirror.state = outcome.state;
    const fitness = this.fitness.of(values, outcome.state === 'completed');
    const finished: FinishedTrial<P> = { number: trial.number, params: trial.params, state: outcome.state, values, fitness, intermediate: mirror.intermediate };
    this.o.strategy.tell(finished);
    return values;
  }

  async finish(status: 'completed' | 'failed', summary?: Record<string, unknown>): Promise<void> {
    await this.o.store.setStudyStatus(this.row.id, status, summary);
  }

  private vector(metrics: Record<string, number>): number[] { return objectiveVector(this.o.objectives, metrics); }
}

/** Config keys that may differ between sessions of one study (the budget can grow on resume; a migrated study remembers its run). */
const VOLATILE_CONFIG = ['budget', 'migratedFromRun', 'table'];

export function checkSameStudy(existing: StudyRow, o: Pick<StudyOptions<unknown>, 'store' | 'objectives'> & { config: Record<string, unknown> }): void {
  const fix = 'pass another --study name, or the settings it was started with';
  if (formatObjectives(existing.objectives) !== formatObjectives(o.objectives)) {
    throw new Error(`study "${existing.name}" in ${o.store.url} has objectives ${formatObjectives(existing.objectives)}, this run ${formatObjectives(o.objectives)}: ${fix}`);
  }
  const keys = new Set([...Object.keys(existing.config), ...Object.keys(o.config)].filter((k) => !VOLATILE_CONFIG.includes(k)));
  for (const k of keys) {
    const v = o.config[k];
    if (JSON.stringify(existing.config[k]) !== JSON.stringify(v)) {
      throw new Error(`study "${existing.name}" in ${o.store.url} has ${k} ${JSON.stringify(existing.config[k])}, this run ${JSON.stringify(v)}: ${fix}`);
    }
  }
}
