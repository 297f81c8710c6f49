/** SQLite experiment store (`sqlite:PATH`; better-sqlite3 12.x, WAL mode) with versioned migrations. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './sqlite-migrations.js';
import { WORKER_ID } from './process-id.js';
import {
  type ExperimentStore, type RunDetail, type RunRow, type RunStatus, type StudyRow, type StudyStatus, type NewTrialClaim, type StudyTrialRow, type TrialState, nowIso,
} from './store.js';

export { SCHEMA_VERSION };

interface RawRun {
  id: number; experiment: string; kind: string; status: RunStatus; started_at: string; finished_at: string | null;
  heartbeat_at: string; params: string; summary: string | null; error: string | null; worker: string | null;
}

interface RawStudy { id: number; name: string; objectives: string; config: string; status: StudyStatus; created_at: string; finished_at: string | null; summary: string | null }

interface RawTrial {
  id: number; study_id: number; number: number; state: TrialState; params: string; params_key: string; value_vector: string | null; attrs: string;
  worker: string | null; started_at: string; heartbeat_at: string; finished_at: string | null; error: string | null; finish_seq: number | null;
}

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export class SqliteStore implements ExperimentStore {
  readonly url: string;
  readonly persistent = true;
  private readonly db: Database.Database;

  constructor(readonly path = './topiary.db') {
    this.url = `sqlite:${path}`;
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    try {
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
    } catch (e) {
      throw new Error(`${path}: not a usable SQLite store (${(e as Error).message}); pass another --db, or move this file away`);
    }
    this.db.pragma('foreign_keys = ON');
    // Another program (a database browser, a backup) may hold the write lock for a while: wait for it rather than lose the run.
    this.db.pragma(`busy_timeout = ${Number(process.env.TOPIARY_SQLITE_BUSY_MS ?? 30000)}`);
    this.migrate();
  }

  private migrate(): void {
    const version = () => this.db.pragma('user_version', { simple: true }) as number;
    if (version() > SCHEMA_VERSION) {
      throw new Error(`${this.path}: database schema version ${version()} is newer than this Topiary understands (${SCHEMA_VERSION}); upgrade Topiary`);
    }
    // One step per write-locked transaction, re-reading the version inside it: another process may be migrating the same file.
    const step = this.db.transaction(() => {
      const v = version();
      if (v >= SCHEMA_VERSION) return false;
      const m = MIGRATIONS[v];
      if (typeof m === 'string') this.db.exec(m); else m(this.db);
      this.db.pragma(`user_version = ${v + 1}`);
      return true;
    });
    while (step.immediate()) { /* next migration */ }
  }

  async createRun(experiment: string, kind: string, params: Record<string, unknown>): Promise<number> {
    return this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO experiments (name, created_at) VALUES (?, ?)').run(experiment, nowIso());
      const exp = this.db.prepare('SELECT id FROM experiments WHERE name = ?').get(experiment) as { id: number };
      const t = nowIso();
      const r = this.db.prepare(`INSERT INTO runs (experiment_id, kind, status, started_at, heartbeat_at, params, worker)
        VALUES (?, ?, 'running', ?, ?, ?, ?)`).run(exp.id, kind, t, t, JSON.stringify(params), WORKER_ID);
      return Number(r.lastInsertRowid);
    })();
  }

  async heartbeat(runId: number): Promise<void> {
    this.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(nowIso(), runId);
  }

  async logEpoch(runId: number, epoch: number, metrics: Record<string, number>): Promise<void> {
    const ins = this.db.prepare('INSERT OR REPLACE INTO metrics (run_id, epoch, name, value) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(metrics)) if (Number.isFinite(v)) ins.run(runId, epoch, k, v);
      this.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(nowIso(), runId);
    })();
  }

  async addArtifact(runId: number, kind: string, path: string): Promise<void> {
    this.db.prepare('INSERT INTO artifacts (run_id, kind, path) VALUES (?, ?, ?)').run(runId, kind, path);
  }

  async finishRun(runId: number, status: Exclude<RunStatus, 'running'>, summary?: Record<string, unknown>, error?: string): Promise<void> {
    const t = nowIso();
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ?, heartbeat_at = ?, summary = ?, error = ? WHERE id = ?')
      .run(status, t, t, summary ? JSON.stringify(summary) : null, error ?? null, runId);
  }

  async reopenRun(runId: number): Promise<void> {
    this.db.prepare("UPDATE runs SET status = 'running', finished_at = NULL, heartbeat_at = ?, worker = ? WHERE id = ?").run(nowIso(), WORKER_ID, runId);
  }

  async listRuns(opts: { experiment?: string; limit?: number } = {}): Promise<RunRow[]> {
    const rows = this.db.prepare(`SELECT r.*, e.name AS experiment FROM runs r JOIN experiments e ON e.id = r.experiment_id
      WHERE (? IS NULL OR e.name = ?) ORDER BY r.id DESC LIMIT ?`).all(opts.experiment ?? null, opts.experiment ?? null, opts.limit ?? 100) as RawRun[];
    return rows.map(toRun);
  }

  async getRun(id: number): Promise<RunDetail | null> {
    const r = this.db.prepare(`SELECT r.*, e.name AS experiment FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`).get(id) as RawRun | undefined;
    if (!r) return null;
    const metrics = this.db.prepare('SELECT epoch, name, value FROM metrics WHERE run_id = ? ORDER BY epoch, name').all(id) as RunDetail['metrics'];
    const artifacts = this.db.prepare('SELECT kind, path FROM artifacts WHERE run_id = ?').all(id) as RunDetail['artifacts'];
    return { ...toRun(r), metrics, artifacts };
  }

  async createStudy(name: string, objectives: StudyRow['objectives'], config: Record<string, unknown>): Promise<StudyRow> {
    this.db.prepare(`INSERT OR IGNORE INTO studies (name, objectives, config, status, created_at) VALUES (?, ?, ?, 'running', ?)`)
      .run(name, JSON.stringify(objectives), JSON.stringify(config), nowIso());
    return (await this.getStudy(name))!;
  }

  async getStudy(name: string): Promise<StudyRow | null> {
    const r = this.db.prepare('SELECT * FROM studies WHERE name = ?').get(name) as RawStudy | undefined;
    return r ? toStudy(r) : null;
  }

  async listStudies(): Promise<StudyRow[]> {
    return (this.db.prepare('SELECT * FROM studies ORDER BY id').all() as RawStudy[]).map(toStudy);
  }

  async setStudyStatus(studyId: number, status: StudyStatus, summary?: Record<string, unknown>): Promise<void> {
    this.db.prepare('UPDATE studies SET status = ?, finished_at = ?, summary = COALESCE(?, summary) WHERE id = ?')
      .run(status, status === 'running' ? null : nowIso(), summary ? JSON.stringify(summary) : null, studyId);
  }

  private insertTrial(studyId: number, params: unknown, paramsKey: string, worker: string | null, state: 'running' | 'waiting'): number {
    const t = nowIso();
    const r = this.db.prepare(`INSERT INTO study_trials (study_id, number, state, params, params_key, worker, started_at, heartbeat_at)
      VALUES (?, (SELECT COALESCE(MAX(number), -1) + 1 FROM study_trials WHERE study_id = ?), ?, ?, ?, ?, ?, ?)`)
      .run(studyId, studyId, state, JSON.stringify(params), paramsKey, worker, t, t);
    // Trials that have not failed, counted as they come and go: a budget check must not scan a growing study.
    this.db.prepare('UPDATE studies SET live_trials = live_trials + 1 WHERE id = ?').run(studyId);
    return Number(r.lastInsertRowid);
  }

  async createTrial(studyId: number, params: unknown, paramsKey: string, worker: string): Promise<StudyTrialRow> {
    const id = this.db.transaction(() => this.insertTrial(studyId, params, paramsKey, worker, 'running')).immediate();
    return (await this.getTrial(id))!;
  }

  async claimNewTrial(studyId: number, params: unknown, paramsKey: string, worker: string, budget: number): Promise<NewTrialClaim> {
    const claim = this.db.transaction((): number | 'taken' | 'full' => {
      if (this.db.prepare(`SELECT 1 FROM study_trials WHERE study_id = ? AND params_key = ? AND state != 'failed' LIMIT 1`).get(studyId, paramsKey)) return 'taken';
      if ((this.db.prepare('SELECT live_trials FROM studies WHERE id = ?').get(studyId) as { live_trials: number }).live_trials >= budget) return 'full';
      return this.insertTrial(studyId, params, paramsKey, worker, 'running');
    }).immediate();
    if (claim === 'taken') return { taken: true };
    if (claim === 'full') return { full: true };
    return { trial: (await this.getTrial(claim))! };
  }

  async claimWaitingTrial(studyId: number, worker: string): Promise<StudyTrialRow | null> {
    const id = this.db.transaction(() => {
      const r = this.db.prepare("SELECT id FROM study_trials WHERE study_id = ? AND state = 'waiting' ORDER BY number LIMIT 1").get(studyId) as { id: number } | undefined;
      if (r) this.db.prepare("UPDATE study_trials SET state = 'running', worker = ?, heartbeat_at = ? WHERE id = ?").run(worker, nowIso(), r.id);
      return r?.id ?? null;
    }).immediate();
    return id === null ? null : this.getTrial(id);
  }

  async enqueueTrial(studyId: number, params: unknown, paramsKey: string): Promise<StudyTrialRow> {
    const id = this.db.transaction(() => this.insertTrial(studyId, params, paramsKey, null, 'waiting')).immediate();
    return (await this.getTrial(id))!;
  }

  async reportIntermediate(trialId: number, step: number, metrics: Record<string, number>): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(`INSERT OR REPLACE INTO trial_intermediate (trial_id, step, seq, metrics)
        VALUES (?, ?, (SELECT COALESCE(MAX(seq), -1) + 1 FROM trial_intermediate WHERE trial_id = ?), ?)`).run(trialId, step, trialId, JSON.stringify(metrics));
      this.db.prepare('UPDATE study_trials SET heartbeat_at = ? WHERE id = ?').run(nowIso(), trialId);
    })();
  }

  async heartbeatTrial(trialId: number): Promise<boolean> {
    return this.db.prepare("UPDATE study_trials SET heartbeat_at = ? WHERE id = ? AND state = 'running'").run(nowIso(), trialId).changes === 1;
  }

  async finishTrial(trialId: number, state: 'completed' | 'failed' | 'pruned', values: number[] | null, attrs: Record<string, unknown>, error?: string, lease?: string): Promise<boolean> {
    const t = nowIso();
    return this.db.transaction(() => {
      const before = this.db.prepare('SELECT study_id, state FROM study_trials WHERE id = ?').get(trialId) as { study_id: number; state: TrialState } | undefined;
      const done = this.db.prepare(`UPDATE study_trials SET state = ?, value_vector = ?, attrs = ?, error = ?, finished_at = ?, heartbeat_at = ?,
        finish_seq = (SELECT COALESCE(MAX(finish_seq), 0) + 1 FROM study_trials WHERE study_id = (SELECT study_id FROM study_trials WHERE id = ?))
      WHERE id = ? AND (? IS NULL OR (state = 'running' AND worker = ?))`)
      .run(state, values ? JSON.stringify(values) : null, JSON.stringify(attrs), error ?? null, t, t, trialId, trialId, lease ?? null, lease ?? null).changes === 1;
      if (done && state === 'failed' && before!.state !== 'failed') this.db.prepare('UPDATE studies SET live_trials = live_trials - 1 WHERE id = ?').run(before!.study_id);
      return done;
    }).immediate();
  }

  async getTrial(trialId: number): Promise<StudyTrialRow | null> {
    const r = this.db.prepare('SELECT * FROM study_trials WHERE id = ?').get(trialId) as RawTrial | undefined;
    return r ? this.withIntermediate([r])[0] : null;
  }

  async listTrials(studyId: number, opts: { states?: TrialState[]; afterId?: number; finishedAfter?: number } = {}): Promise<StudyTrialRow[]> {
    const byFinish = opts.finishedAfter !== undefined;
    // Only the conditions asked for, so that the indexes serve each kind of look-up (a worker syncs on every ask).
    const rows = this.db.prepare(`SELECT * FROM study_trials WHERE study_id = ?${opts.afterId !== undefined ? ' AND id > ?' : ''}${byFinish ? ' AND finish_seq > ?' : ''}
      ORDER BY ${byFinish ? 'finish_seq' : 'number'}`).all(studyId, ...(opts.afterId !== undefined ? [opts.afterId] : []), ...(byFinish ? [opts.finishedAfter] : [])) as RawTrial[];
    return this.withIntermediate(opts.states ? rows.filter((r) => opts.states!.includes(r.state)) : rows);
  }

  private withIntermediate(rows: RawTrial[]): StudyTrialRow[] {
    if (rows.length === 0) return [];
    const byTrial = new Map<number, StudyTrialRow['intermediate']>(rows.map((r) => [r.id, []]));
    // One query for all the rows (as the PostgreSQL store does), not one per trial.
    const steps = this.db.prepare('SELECT trial_id, step, metrics FROM trial_intermediate WHERE trial_id IN (SELECT value FROM json_each(?)) ORDER BY trial_id, seq')
      .all(JSON.stringify(rows.map((r) => r.id))) as { trial_id: number; step: number; metrics: string }[];
    for (const i of steps) byTrial.get(i.trial_id)!.push({ step: i.step, metrics: JSON.parse(i.metrics) as Record<string, number> });
    return rows.map((r) => ({
      id: r.id, studyId: r.study_id, number: r.number, state: r.state, params: json(r.params), paramsKey: r.params_key, values: json(r.value_vector) as number[] | null,
      attrs: json(r.attrs) as Record<string, unknown>, intermediate: byTrial.get(r.id)!, worker: r.worker, startedAt: r.started_at, heartbeatAt: r.heartbeat_at,
      finishedAt: r.finished_at, error: r.error, finishSeq: r.finish_seq,
    }));
  }

  async failStaleTrials(studyId: number, opts: { heartbeatBefore: string; deadWorkers?: string[] }): Promise<number[]> {
    return this.db.transaction(() => {
      const dead = opts.deadWorkers ?? [];
      const rows = this.db.prepare(`SELECT id, worker FROM study_trials WHERE study_id = ? AND state = 'running'
        AND (heartbeat_at < ? OR worker IN (SELECT value FROM json_each(?)))`).all(studyId, opts.heartbeatBefore, JSON.stringify(dead)) as { id: number; worker: string | null }[];
      const mark = this.db.prepare(`UPDATE study_trials SET state = 'failed', finished_at = ?, error = ?,
        finish_seq = (SELECT COALESCE(MAX(finish_seq), 0) + 1 FROM study_trials WHERE study_id = ?) WHERE id = ?`);
      for (const r of rows) mark.run(nowIso(), `stale: its worker ${r.worker ?? '?'} stopped sending heartbeats`, studyId, r.id);
      this.db.prepare('UPDATE studies SET live_trials = live_trials - ? WHERE id = ?').run(rows.length, studyId);
      return rows.map((r) => r.id);
    }).immediate();
  }

  async close(): Promise<void> { this.db.close(); }
}

function toRun(r: RawRun): RunRow {
  return {
    id: r.id, experiment: r.experiment, kind: r.kind, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at,
    heartbeatAt: r.heartbeat_at, params: JSON.parse(r.params) as Record<string, unknown>,
    summary: r.summary ? (JSON.parse(r.summary) as Record<string, unknown>) : null, error: r.error, worker: r.worker ?? null,
  };
}

function toStudy(r: RawStudy): StudyRow {
  return {
    id: r.id, name: r.name, objectives: JSON.parse(r.objectives) as StudyRow['objectives'], config: JSON.parse(r.config) as Record<string, unknown>,
    status: r.status, createdAt: r.created_at, finishedAt: r.finished_at, summary: json(r.summary) as Record<string, unknown> | null,
  };
}
