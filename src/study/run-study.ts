/**
 * Runs a study: keeps up to `concurrency` trials in flight, each evaluated by
 * `evaluate`, until the budget (trials, or a total cost such as simulated
 * training seconds) is spent or the strategy runs out.
 * - `mode: 'batch'` (default) asks a batch, waits for all of it and tells the
 *   results in the order asked, so that a seeded study gives the same result
 *   however the evaluations interleave; `mode: 'async'` asks again as soon as
 *   any trial ends (no idle worker, order then depends on timing).
 * - An architecture already evaluated in this session (same key) is not
 *   evaluated again: its result is reused and the trial marked as a duplicate.
 * - A failed evaluation is stored as a failed trial; after `maxFailures` in a
 *   row the run stops with the last error (trials still in flight end failed).
 * - In batch mode the pruner judges a trial against finished trials only.
 */
import type { AskedTrial, StudyHandle, TrialOutcome } from './study.js';

export interface TrialContext {
  readonly number: number;
  /** Stores an intermediate result (e.g. validation accuracy after an epoch, or at a fidelity). */
  report(step: number, metrics: Record<string, number>): Promise<void>;
  /** Whether the pruner stops the trial at its last report. */
  shouldPrune(): boolean;
}

/** The result of evaluating an architecture: its metrics, anything else to keep, and whether it was stopped early. */
export interface Evaluation {
  metrics: Record<string, number>;
  attrs?: Record<string, unknown>;
  /** Stopped by the pruner; metrics are those at the last reported step. */
  pruned?: boolean;
}

export type TrialSource = 'evaluated' | 'resumed' | 'duplicate';

export interface RunTrial<P> {
  /** Position in this run (1, 2, …), the order results were told. */
  seq: number;
  number: number;
  params: P;
  key: string;
  arch: string;
  state: TrialOutcome['state'];
  metrics: Record<string, number>;
  attrs: Record<string, unknown>;
  values: number[] | null;
  /** What this trial charged to a cost budget (0 for a duplicate). */
  cost: number;
  source: TrialSource;
  error?: string;
}

export interface RunStudyOptions<P> {
  study: StudyHandle<P>;
  evaluate(params: P, trial: TrialContext): Promise<Evaluation>;
  /** `seconds`: no trial is asked after this many seconds of wall clock (those in flight finish). */
  budget: { trials?: number; cost?: number; seconds?: number };
  /** The metric that measures cost (default "cost"). */
  costMetric?: string;
  concurrency?: number;
  mode?: 'batch' | 'async';
  maxFailures?: number;
  /** Seconds between lease renewals of a running trial, from ask to tell (default 10). */
  heartbeatSeconds?: number;
  onTrial?(t: RunTrial<P>): void;
}

interface InFlight<P> { asked: AskedTrial<P>; done: Promise<{ outcome: TrialOutcome; source: TrialSource }>; beat: NodeJS.Timeout | null }

export async function runStudy<P>(o: RunStudyOptions<P>): Promise<RunTrial<P>[]> {
  const { study } = o;
  const { trials: maxTrials, cost: maxCost, seconds: maxSeconds } = o.budget;
  if (maxTrials === undefined && maxCost === undefined && maxSeconds === undefined) throw new Error('runStudy: give a budget of trials, cost or seconds');
  if (maxSeconds !== undefined && !(maxSeconds >= 0)) throw new Error(`runStudy: seconds budget must be >= 0, got ${maxSeconds}`);
  const started = performance.now();
  if (maxTrials !== undefined && !(Number.isInteger(maxTrials) && maxTrials > 0)) throw new Error(`runStudy: trial budget must be a positive integer, got ${maxTrials}`);
  if (maxCost !== undefined && !(maxCost > 0)) throw new Error(`runStudy: cost budget must be positive, got ${maxCost}`);
  const concurrency = o.concurrency ?? 1, mode = o.mode ?? 'batch', costMetric = o.costMetric ?? 'cost', maxFailures = o.maxFailures ?? 3;
  const results: RunTrial<P>[] = [];
  const session = new Map<string, Promise<{ outcome: TrialOutcome; source: TrialSource }>>();
  let pending: InFlight<P>[] = [], spent = 0, failuresInARow = 0, exhausted = false;

  const start = (asked: AskedTrial<P>): InFlight<P> => {
    const earlier = session.get(asked.key);
    if (asked.previous) {
      const done = Promise.resolve({ outcome: studyOutcome(asked), source: 'resumed' as const });
      if (!earlier) session.set(asked.key, done);
      return { asked, done, beat: null };
    }
    // The lease is renewed from ask to tell (in batch mode a finished trial waits for its batch); a failed renewal is retried at the next beat.
    const beat = setInterval(() => { study.heartbeat(asked).catch(() => {}); }, (o.heartbeatSeconds ?? 10) * 1000);
    beat.unref();
    if (earlier) return { asked, beat, done: earlier.then(({ outcome }) => ({ outcome: { ...outcome, attrs: { ...outcome.attrs, duplicateOf: asked.key } }, source: 'duplicate' as const })) };
    const done = evaluateOne(o, asked, mode === 'batch').then((outcome) => ({ outcome, source: 'evaluated' as const }));
    session.set(asked.key, done);
    return { asked, done, beat };
  };

  const finish = async (f: InFlight<P>, { outcome, source }: { outcome: TrialOutcome; source: TrialSource }) => {
    const { asked } = f;
    if (f.beat) clearInterval(f.beat);
    const values = await study.tell(asked, outcome);
    // A duplicate costs nothing, also when it is replayed on resume.
    const cost = source === 'duplicate' || outcome.attrs?.duplicateOf !== undefined ? 0 : outcome.metrics[costMetric] ?? 0;
    spent += cost;
    failuresInARow = outcome.state === 'failed' ? failuresInARow + 1 : 0;
    const t: RunTrial<P> = { seq: results.length + 1, number: asked.number, params: asked.params, key: asked.key, arch: study.space.describe(asked.params),
      state: outcome.state, metrics: outcome.metrics, attrs: { ...asked.notes, ...outcome.attrs }, values, cost, source, ...(outcome.error ? { error: outcome.error } : {}) };
    results.push(t);
    o.onTrial?.(t);
    if (failuresInARow >= maxFailures) throw new Error(`${maxFailures} trials in a row failed; the last (${t.arch}): ${outcome.error}`);
  };

  const room = () => !exhausted && (maxTrials === undefined || results.length + pending.length < maxTrials) && (maxCost === undefined || spent < maxCost)
    && (maxSeconds === undefined || performance.now() - started < maxSeconds * 1000);

  try {
    for (;;) {
      if (mode === 'async' || pending.length === 0) {
        while (pending.length < concurrency && room()) {
          const asked = await study.ask();
          if (!asked) { exhausted = true; break; }
          pending.push(start(asked));
        }
      }
      if (pending.length === 0) break;
      if (mode === 'batch') {
        const outs = await Promise.all(pending.map((p) => p.done));
        const batch = pending;
        pending = [];
        for (let i = 0; i < batch.length; i++) await finish(batch[i], outs[i]);
      } else {
        const first = await Promise.race(pending.map((p) => p.done.then((r) => ({ p, r }))));
        pending = pending.filter((p) => p !== first.p);
        await finish(first.p, first.r);
      }
    }
  } catch (e) {
    // Trials still in flight end as failed (after their evaluation settles), so none is left running with a lease nobody renews.
    const left = pending;
    pending = [];
    for (const f of left) {
      await f.done.catch(() => {});
      if (f.beat) clearInterval(f.beat);
      if (!f.asked.previous) await study.tell(f.asked, { state: 'failed', metrics: {}, error: `the search stopped: ${(e as Error).message}` }).catch(() => {});
    }
    throw e;
  }
  return results;
}

function studyOutcome<P>(asked: AskedTrial<P>): TrialOutcome {
  const metrics: Record<string, number> = {}, attrs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(asked.previous!.attrs)) if (typeof v === 'number') metrics[k] = v; else attrs[k] = v;
  return { state: asked.previous!.state === 'pruned' ? 'pruned' : 'completed', metrics, attrs };
}

async function evaluateOne<P>(o: RunStudyOptions<P>, asked: AskedTrial<P>, againstFinishedOnly: boolean): Promise<TrialOutcome> {
  const { study } = o;
  let last: Record<string, number> = {};
  try {
    const ctx: TrialContext = {
      number: asked.number,
      report: async (step, metrics) => { last = metrics; await study.report(asked, step, metrics); },
      // In batch mode the pruner compares with finished trials only, so whether a trial is stopped does not depend on which sibling reported first.
      shouldPrune: () => study.shouldPrune(asked, againstFinishedOnly),
    };
    const r = await o.evaluate(asked.params, ctx);
    return { state: r.pruned ? 'pruned' : 'completed', metrics: r.pruned ? { ...last, ...r.metrics } : r.metrics, attrs: r.attrs };
  } catch (e) {
    return { state: 'failed', metrics: last, error: (e as Error).message };
  }
}
