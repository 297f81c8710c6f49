/** The in-memory store (`memory:`): everything in this process, gone when it ends. For tests, dry runs and tabular benchmarks. */
import {
  type ExperimentStore, type RunDetail, type RunRow, type RunStatus, type StudyRow, type StudyStatus, type NewTrialClaim, type StudyTrialRow, type TrialState, nowIso,
} from './store.js';
import { WORKER_ID } from './process-id.js';

const copy = <T>(v: T): T => structuredClone(v);

export class MemoryStore implements ExperimentStore {
  readonly url = 'memory:';
  readonly persistent = false;
  private readonly runs: RunDetail[] = [];
  private readonly studies: StudyRow[] = [];
  private readonly trials: StudyTrialRow[] = [];

  private run(id: number): RunDetail {
    const r = this.runs[id - 1];
    if (!r) throw new Error(`${this.url}: no run ${id}`);
    return r;
  }

  private trial(id: number): StudyTrialRow {
    const t = this.trials[id - 1];
    if (!t) throw new Error(`${this.url}: no trial ${id}`);
    return t;
  }

  async createRun(experiment: string, kind: string, params: Record<string, unknown>): Promise<number> {
    const t = nowIso();
    this.runs.push({ id: this.runs.length + 1, experiment, kind, status: 'running', startedAt: t, finishedAt: null, heartbeatAt: t, params: copy(params),
      summary: null, error: null, worker: WORKER_ID, metrics: [], artifacts: [] });
    return this.runs.length;
  }

  async heartbeat(runId: number): Promise<void> { this.run(runId).heartbeatAt = nowIso(); }

  async logEpoch(runId: number, epoch: number, metrics: Record<string, number>): Promise<void> {
    const r = this.run(runId);
    for (const [name, value] of Object.entries(metrics)) {
      if (!Number.isFinite(value)) continue;
      r.metrics = r.metrics.filter((m) => !(m.epoch === epoch && m.name === name));
      r.metrics.push({ epoch, name, value });
    }
    r.metrics.sort((a, b) => a.epoch - b.epoch || a.name.localeCompare(b.name));
    r.heartbeatAt = nowIso();
  }

  async addArtifact(runId: number, kind: string, path: string): Promise<void> { this.run(runId).artifacts.push({ kind, path }); }

  async finishRun(runId: number, status: Exclude<RunStatus, 'running'>, summary?: Record<string, unknown>, error?: string): Promise<void> {
    const r = this.run(runId), t = nowIso();
    Object.assign(r, { status, finishedAt: t, heartbeatAt: t, summary: summary ? copy(summary) : null, error: error ?? null });
  }

  async reopenRun(runId: number): Promise<void> { Object.assign(this.run(runId), { status: 'running', finishedAt: null, heartbeatAt: nowIso(), worker: WORKER_ID }); }

  async listRuns(opts: { experiment?: string; limit?: number } = {}): Promise<RunRow[]> {
    return this.runs.filter((r) => opts.experiment === undefined || r.experiment === opts.experiment).reverse().slice(0, opts.limit ?? 100)
      .map(({ metrics: _m, artifacts: _a, ...row }) => copy(row));
  }

  async getRun(id: number): Promise<RunDetail | null> { return this.runs[id - 1] ? copy(this.runs[id - 1]) : null; }

  async createStudy(name: string, objectives: StudyRow['objectives'], config: Record<string, unknown>): Promise<StudyRow> {
    let s = this.studies.find((x) => x.name === name);
    if (!s) {
      s = { id: this.studies.length + 1, name, objectives: copy(objectives), config: copy(config), status: 'running', createdAt: nowIso(), finishedAt: null, summary: null };
      this.studies.push(s);
    }
    return copy(s);
  }

  async getStudy(name: string): Promise<StudyRow | null> {
    const s = this.studies.find((x) => x.name === name);
    return s ? copy(s) : null;
  }

  async listStudies(): Promise<StudyRow[]> { return copy(this.studies); }

  async setStudyStatus(studyId: number, status: StudyStatus, summary?: Record<string, unknown>): Promise<void> {
    const s = this.studies[studyId - 1];
    if (!s) throw new Error(`${this.url}: no study ${studyId}`);
    Object.assign(s, { status, finishedAt: status === 'running' ? null : nowIso(), summary: summary ? copy(summary) : s.summary });
  }

  /** Finish numbers count up per study, in the order trials finish. */
  private nextFinishSeq(studyId: number): number {
    return 1 + this.trials.reduce((m, x) => (x.studyId === studyId ? Math.max(m, x.finishSeq ?? 0) : m), 0);
  }

  private insert(studyId: number, params: unknown, paramsKey: string, worker: string | null, state: 'running' | 'waiting'): StudyTrialRow {
    if (!this.studies[studyId - 1]) throw new Error(`${this.url}: no study ${studyId}`);
    const t = nowIso();
    const row: StudyTrialRow = { id: this.trials.length + 1, studyId, number: this.trials.filter((x) => x.studyId === studyId).length, state,
      params: copy(params), paramsKey, values: null, attrs: {}, intermediate: [], worker, startedAt: t, heartbeatAt: t, finishedAt: null, error: null, finishSeq: null };
    this.trials.push(row);
    return copy(row);
  }

  async createTrial(studyId: number, params: unknown, paramsKey: string, worker: string): Promise<StudyTrialRow> {
    return this.insert(studyId, params, paramsKey, worker, 'running');
  }

  async claimNewTrial(studyId: number, params: unknown, paramsKey: string, worker: string, budget: number): Promise<NewTrialClaim> {
    const live = this.trials.filter((t) => t.studyId === studyId && t.state !== 'failed');
    if (live.some((t) => t.paramsKey === paramsKey)) return { taken: true };
    if (live.length >= budget) return { full: true };
    return { trial: this.insert(studyId, params, paramsKey, worker, 'running') };
  }

  async claimWaitingTrial(studyId: number, worker: string): Promise<StudyTrialRow | null> {
    const t = this.trials.find((x) => x.studyId === studyId && x.state === 'waiting');
    if (!t) return null;
    Object.assign(t, { state: 'running', worker, heartbeatAt: nowIso() });
    return copy(t);
  }

  async enqueueTrial(studyId: number, params: unknown, paramsKey: string): Promise<StudyTrialRow> {
    return this.insert(studyId, params, paramsKey, null, 'waiting');
  }

  async reportIntermediate(trialId: number, step: number, metrics: Record<string, number>): Promise<void> {
    const t = this.trial(trialId);
    t.intermediate = t.intermediate.filter((x) => x.step !== step);
    t.intermediate.push({ step, metrics: copy(metrics) });
    t.heartbeatAt = nowIso();
  }

  async heartbeatTrial(trialId: number): Promise<boolean> {
    const t = this.trial(trialId);
    if (t.state !== 'running') return false;
    t.heartbeatAt = nowIso();
    return true;
  }

  async finishTrial(trialId: number, state: 'completed' | 'failed' | 'pruned', values: number[] | null, attrs: Record<string, unknown>, error?: string, lease?: string): Promise<boolean> {
    const t = this.trial(trialId), at = nowIso();
    if (lease !== undefined && (t.state !== 'running' || t.worker !== lease)) return false;
    const finishSeq = this.nextFinishSeq(t.studyId);
    Object.assign(t, { state, values: values ? [...values] : null, attrs: copy(attrs), error: error ?? null, finishedAt: at, heartbeatAt: at, finishSeq });
    return true;
  }

  async getTrial(trialId: number): Promise<StudyTrialRow | null> { return this.trials[trialId - 1] ? copy(this.trials[trialId - 1]) : null; }

  async listTrials(studyId: number, opts: { states?: TrialState[]; afterId?: number; finishedAfter?: number } = {}): Promise<StudyTrialRow[]> {
    const rows = this.trials.filter((t) => t.studyId === studyId && (!opts.states || opts.states.includes(t.state)) && t.id > (opts.afterId ?? 0)
      && (opts.finishedAfter === undefined || (t.finishSeq ?? 0) > opts.finishedAfter));
    if (opts.finishedAfter !== undefined) rows.sort((a, b) => a.finishSeq! - b.finishSeq!);
    return copy(rows);
  }

  async failStaleTrials(studyId: number, opts: { heartbeatBefore: string; deadWorkers?: string[] }): Promise<number[]> {
    const stale = this.trials.filter((t) => t.studyId === studyId && t.state === 'running'
      && (t.heartbeatAt < opts.heartbeatBefore || (t.worker !== null && (opts.deadWorkers ?? []).includes(t.worker))));
    const at = nowIso();
    for (const t of stale) {
      Object.assign(t, { state: 'failed', finishedAt: at, finishSeq: this.nextFinishSeq(studyId), error: `stale: its worker ${t.worker ?? '?'} stopped sending heartbeats` });
    }
    return stale.map((t) => t.id);
  }

  async close(): Promise<void> { /* nothing to release */ }
}
