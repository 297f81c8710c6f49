/**
 * PostgreSQL experiment store (`postgresql://user:password@host:port/database`,
 * the `pg` client): one store for workers on many machines. Trials are
 * numbered under a row lock on their study, so concurrent workers never
 * collide; connection failures are retried with exponential backoff, so a
 * server restart costs a pause, not a run. Errors name the URL with its
 * password masked.
 */
import { maskUrl } from './mask-url.js';
import pg from 'pg';
import { PG_MIGRATIONS } from './postgres-migrations.js';
import { WORKER_ID } from './process-id.js';
import {
  type ExperimentStore, type RunDetail, type RunRow, type RunStatus, type StudyRow, type StudyStatus, type NewTrialClaim, type StudyTrialRow, type TrialState, nowIso,
} from './store.js';

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

export { maskUrl };

/** Errors worth waiting out: the server is unreachable, starting, restarting or shutting down. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const isTransient = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  return TRANSIENT.has(err.code ?? '') || /Connection terminated|connection timeout|server closed the connection/i.test(err.message ?? '');
};

const FIXES: Record<string, string> = {
  ECONNREFUSED: 'start the server or correct host and port',
  ENOTFOUND: 'correct the host name',
  '28P01': 'correct the user name or password',
  '28000': 'allow this user and host in pg_hba.conf, or correct the user',
  '3D000': 'create the database (createdb NAME) or correct its name',
};

type Queryable = pg.Pool | pg.PoolClient;

export interface PostgresOptions {
  /** Retries of a failed connection while opening (default 5: about 3 s) and during work (default 10: about 25 s, a server restart). */
  openRetries?: number;
  retries?: number;
  firstDelayMs?: number;
}

export class PostgresStore implements ExperimentStore {
  readonly url: string;
  readonly persistent = true;
  private readonly pool: pg.Pool;
  private ready: Promise<void> | null = null;

  private constructor(private readonly rawUrl: string, private readonly opts: PostgresOptions) {
    this.url = maskUrl(rawUrl);
    this.pool = new pg.Pool({ connectionString: rawUrl, max: 4, connectionTimeoutMillis: 5000 });
    // An idle client losing its connection (a server restart) must not crash the process; the next query reconnects.
    this.pool.on('error', () => {});
  }

  /** Connects (with retries) and brings the schema up to date. */
  static async open(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
    const store = new PostgresStore(url, opts);
    try {
      await store.migrate();
    } catch (e) {
      await store.pool.end().catch(() => {});
      throw e;
    }
    return store;
  }

  private describe(e: unknown): Error {
    const err = e as { code?: string; message?: string };
    const fix = FIXES[err.code ?? ''];
    return new Error(`${this.url}: ${err.message ?? String(e)}${fix ? `; ${fix}` : ''}`);
  }

  /** Runs fn, retrying transient connection failures with exponential backoff. */
  private async retry<T>(fn: () => Promise<T>, retries = this.opts.retries ?? 10): Promise<T> {
    let delay = this.opts.firstDelayMs ?? 100;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!isTransient(e) || attempt >= retries) throw this.describe(e);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  private async query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = [], on: Queryable = this.pool): Promise<R[]> {
    return (await on.query<R>(sql, values)).rows;
  }

  private q<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
    return this.retry(() => this.query<R>(sql, values));
  }

  /** One transaction on one connection (retried whole on a transient failure). */
  private tx<T>(fn: (c: pg.PoolClient) => Promise<T>, retries?: number): Promise<T> {
    return this.retry(async () => {
      const c = await this.pool.connect();
      // A connection lost while checked out (a server restart) surfaces as the failing query's error; the event itself must not crash the process.
      const ignore = () => {};
      c.on('error', ignore);
      let broken: Error | undefined;
      try {
        await c.query('BEGIN');
        const out = await fn(c);
        await c.query('COMMIT');
        return out;
      } catch (e) {
        if (isTransient(e)) broken = e as Error;
        else await c.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        c.off('error', ignore);
        // A broken connection is destroyed, not returned to the pool.
        c.release(broken);
      }
    }, retries);
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      // Two processes opening a new database at once: one migrates, the other waits and finds it done.
      await c.query('SELECT pg_advisory_xact_lock(7061727279)');
      await c.query('CREATE TABLE IF NOT EXISTS topiary_schema (version INTEGER NOT NULL)');
      const [row] = await this.query<{ version: number }>('SELECT version FROM topiary_schema', [], c);
      const version = row?.version ?? 0;
      if (version > PG_SCHEMA_VERSION) throw new Error(`database schema version ${version} is newer than this Topiary understands (${PG_SCHEMA_VERSION}); upgrade Topiary`);
      for (let v = version; v < PG_SCHEMA_VERSION; v++) await c.query(PG_MIGRATIONS[v]);
      if (!row) await c.query('INSERT INTO topiary_schema (version) VALUES ($1)', [PG_SCHEMA_VERSION]);
      else await c.query('UPDATE topiary_schema SET version = $1', [PG_SCHEMA_VERSION]);
    }, this.opts.openRetries ?? 5);
  }

  async createRun(experiment: string, kind: string, params: Record<string, unknown>): Promise<number> {
    return this.tx(async (c) => {
      await c.query('INSERT INTO experiments (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [experiment, nowIso()]);
      const t = nowIso();
      const [r] = await this.query<{ id: number }>(`INSERT INTO runs (experiment_id, kind, status, started_at, heartbeat_at, params, worker)
        SELECT id, $2, 'running', $3, $3, $4, $5 FROM experiments WHERE name = $1 RETURNING id`, [experiment, kind, t, JSON.stringify(params), WORKER_ID], c);
      return r.id;
    });
  }

  async heartbeat(runId: number): Promise<void> { await this.q('UPDATE runs SET heartbeat_at = $1 WHERE id = $2', [nowIso(), runId]); }

  async logEpoch(runId: number, epoch: number, metrics: Record<string, number>): Promise<void> {
    const finite = Object.entries(metrics).filter(([, v]) => Number.isFinite(v));
    await this.tx(async (c) => {
      for (const [k, v] of finite) {
        await c.query(`INSERT INTO metrics (run_id, epoch, name, value) VALUES ($1, $2, $3, $4)
          ON CONFLICT (run_id, epoch, name) DO UPDATE SET value = EXCLUDED.value`, [runId, epoch, k, v]);
      }
      await c.query('UPDATE runs SET heartbeat_at = $1 WHERE id = $2', [nowIso(), runId]);
    });
  }

  async addArtifact(runId: number, kind: string, path: string): Promise<void> {
    await this.q('INSERT INTO artifacts (run_id, kind, path) VALUES ($1, $2, $3)', [runId, kind, path]);
  }

  async finishRun(runId: number, status: Exclude<RunStatus, 'running'>, summary?: Record<string, unknown>, error?: string): Promise<void> {
    const t = nowIso();
    await this.q('UPDATE runs SET status = $1, finished_at = $2, heartbeat_at = $2, summary = $3, error = $4 WHERE id = $5',
      [status, t, summary ? JSON.stringify(summary) : null, error ?? null, runId]);
  }

  async reopenRun(runId: number): Promise<void> {
    await this.q("UPDATE runs SET status = 'running', finished_at = NULL, heartbeat_at = $1, worker = $3 WHERE id = $2", [nowIso(), runId, WORKER_ID]);
  }

  async listRuns(opts: { experiment?: string; limit?: number } = {}): Promise<RunRow[]> {
    const rows = await this.q<RawRun>(`SELECT r.*, e.name AS experiment FROM runs r JOIN experiments e ON e.id = r.experiment_id
      WHERE ($1::text IS NULL OR e.name = $1) ORDER BY r.id DESC LIMIT $2`, [opts.experiment ?? null, opts.limit ?? 100]);
    return rows.map(toRun);
  }

  async getRun(id: number): Promise<RunDetail | null> {
    const [r] = await this.q<RawRun>('SELECT r.*, e.name AS experiment FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = $1', [id]);
    if (!r) return null;
    const metrics = await this.q<RunDetail['metrics'][number]>('SELECT epoch, name, value FROM metrics WHERE run_id = $1 ORDER BY epoch, name', [id]);
    const artifacts = await this.q<RunDetail['artifacts'][number]>('SELECT kind, path FROM artifacts WHERE run_id = $1 ORDER BY ctid', [id]);
    return { ...toRun(r), metrics, artifacts };
  }

  async createStudy(name: string, objectives: StudyRow['objectives'], config: Record<string, unknown>): Promise<StudyRow> {
    await this.q(`INSERT INTO studies (name, objectives, config, status, created_at) VALUES ($1, $2, $3, 'running', $4) ON CONFLICT (name) DO NOTHING`,
      [name, JSON.stringify(objectives), JSON.stringify(config), nowIso()]);
    return (await this.getStudy(name))!;
  }

  async getStudy(name: string): Promise<StudyRow | null> {
    const [r] = await this.q<RawStudy>('SELECT * FROM studies WHERE name = $1', [name]);
    return r ? toStudy(r) : null;
  }

  async listStudies(): Promise<StudyRow[]> { return (await this.q<RawStudy>('SELECT * FROM studies ORDER BY id')).map(toStudy); }

  async setStudyStatus(studyId: number, status: StudyStatus, summary?: Record<string, unknown>): Promise<void> {
    await this.q('UPDATE studies SET status = $1, finished_at = $2, summary = COALESCE($3, summary) WHERE id = $4',
      [status, status === 'running' ? null : nowIso(), summary ? JSON.stringify(summary) : null, studyId]);
  }

  /** Locks the study's row for the transaction: numbering trials and their finish order is serialised between workers by it. */
  private async lockStudy(c: pg.PoolClient, studyId: number): Promise<void> {
    const locked = await this.query('SELECT id FROM studies WHERE id = $1 FOR UPDATE', [studyId], c);
    if (locked.length === 0) throw new Error(`no study ${studyId}`);
  }

  private async insertTrial(c: pg.PoolClient, studyId: number, params: unknown, paramsKey: string, worker: string | null, state: 'running' | 'waiting'): Promise<number> {
    const [r] = await this.query<{ id: number }>(`INSERT INTO study_trials (study_id, number, state, params, params_key, worker, started_at, heartbeat_at)
      VALUES ($1, (SELECT COALESCE(MAX(number), -1) + 1 FROM study_trials WHERE study_id = $1), $2, $3, $4, $5, $6, $6) RETURNING id`,
    [studyId, state, JSON.stringify(params), paramsKey, worker, nowIso()], c);
    // Trials that have not failed, counted as they come and go: a budget check must not scan a growing study.
    await c.query('UPDATE studies SET live_trials = live_trials + 1 WHERE id = $1', [studyId]);
    return r.id;
  }

  async createTrial(studyId: number, params: unknown, paramsKey: string, worker: string): Promise<StudyTrialRow> {
    const id = await this.tx(async (c) => { await this.lockStudy(c, studyId); return this.insertTrial(c, studyId, params, paramsKey, worker, 'running'); });
    return (await this.getTrial(id))!;
  }

  async claimNewTrial(studyId: number, params: unknown, paramsKey: string, worker: string, budget: number): Promise<NewTrialClaim> {
    const claim = await this.tx(async (c): Promise<number | 'taken' | 'full'> => {
      const [study] = await this.query<{ live_trials: number }>('SELECT live_trials FROM studies WHERE id = $1 FOR UPDATE', [studyId], c);
      if (!study) throw new Error(`no study ${studyId}`);
      const same = await this.query(`SELECT 1 FROM study_trials WHERE study_id = $1 AND params_key = $2 AND state != 'failed' LIMIT 1`, [studyId, paramsKey], c);
      if (same.length > 0) return 'taken';
      if (study.live_trials >= budget) return 'full';
      return this.insertTrial(c, studyId, params, paramsKey, worker, 'running');
    });
    if (claim === 'taken') return { taken: true };
    if (claim === 'full') return { full: true };
    return { trial: (await this.getTrial(claim))! };
  }

  async claimWaitingTrial(studyId: number, worker: string): Promise<StudyTrialRow | null> {
    const [r] = await this.q<{ id: number }>(`UPDATE study_trials SET state = 'running', worker = $2, heartbeat_at = $3
      WHERE id = (SELECT id FROM study_trials WHERE study_id = $1 AND state = 'waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id`,
    [studyId, worker, nowIso()]);
    return r ? this.getTrial(r.id) : null;
  }

  async enqueueTrial(studyId: number, params: unknown, paramsKey: string): Promise<StudyTrialRow> {
    const id = await this.tx(async (c) => { await this.lockStudy(c, studyId); return this.insertTrial(c, studyId, params, paramsKey, null, 'waiting'); });
    return (await this.getTrial(id))!;
  }

  async reportIntermediate(trialId: number, step: number, metrics: Record<string, number>): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`INSERT INTO trial_intermediate (trial_id, step, seq, metrics)
        VALUES ($1, $2, (SELECT COALESCE(MAX(seq), -1) + 1 FROM trial_intermediate WHERE trial_id = $1), $3)
        ON CONFLICT (trial_id, step) DO UPDATE SET metrics = EXCLUDED.metrics, seq = EXCLUDED.seq`, [trialId, step, JSON.stringify(metrics)]);
      await c.query('UPDATE study_trials SET heartbeat_at = $1 WHERE id = $2', [nowIso(), trialId]);
    });
  }

  async heartbeatTrial(trialId: number): Promise<boolean> {
    return (await this.q("UPDATE study_trials SET heartbeat_at = $1 WHERE id = $2 AND state = 'running' RETURNING id", [nowIso(), trialId])).length === 1;
  }

  async finishTrial(trialId: number, state: 'completed' | 'failed' | 'pruned', values: number[] | null, attrs: Record<string, unknown>, error?: string, lease?: string): Promise<boolean> {
    return this.tx(async (c) => {
      const [row] = await this.query<{ study_id: number }>('SELECT study_id FROM study_trials WHERE id = $1', [trialId], c);
      if (!row) throw new Error(`no trial ${trialId}`);
      await this.lockStudy(c, row.study_id);
      const [before] = await this.query<{ state: TrialState }>('SELECT state FROM study_trials WHERE id = $1', [trialId], c);
      const t = nowIso();
      const done = await this.query(`UPDATE study_trials SET state = $1, value_vector = $2, attrs = $3, error = $4, finished_at = $5, heartbeat_at = $5,
          finish_seq = (SELECT COALESCE(MAX(finish_seq), 0) + 1 FROM study_trials WHERE study_id = $7)
        WHERE id = $6 AND ($8::text IS NULL OR (state = 'running' AND worker = $8)) RETURNING id`,
      [state, values ? JSON.stringify(values) : null, JSON.stringify(attrs), error ?? null, t, trialId, row.study_id, lease ?? null], c);
      if (done.length === 1 && state === 'failed' && before.state !== 'failed') await c.query('UPDATE studies SET live_trials = live_trials - 1 WHERE id = $1', [row.study_id]);
      return done.length === 1;
    });
  }

  async getTrial(trialId: number): Promise<StudyTrialRow | null> {
    const rows = await this.q<RawTrial>('SELECT * FROM study_trials WHERE id = $1', [trialId]);
    return rows.length ? (await this.withIntermediate(rows))[0] : null;
  }

  async listTrials(studyId: number, opts: { states?: TrialState[]; afterId?: number; finishedAfter?: number } = {}): Promise<StudyTrialRow[]> {
    // Only the conditions asked for, so that the indexes serve each kind of look-up (a worker syncs on every ask).
    const where = ['study_id = $1'], values: unknown[] = [studyId];
    const add = (sql: string, v: unknown) => { values.push(v); where.push(sql.replace('?', `$${values.length}`)); };
    if (opts.states) add('state = ANY(?)', opts.states);
    if (opts.afterId !== undefined) add('id > ?', opts.afterId);
    if (opts.finishedAfter !== undefined) add('finish_seq > ?', opts.finishedAfter);
    const rows = await this.q<RawTrial>(`SELECT * FROM study_trials WHERE ${where.join(' AND ')} ORDER BY ${opts.finishedAfter !== undefined ? 'finish_seq' : 'number'}`, values);
    return this.withIntermediate(rows);
  }

  private async withIntermediate(rows: RawTrial[]): Promise<StudyTrialRow[]> {
    if (rows.length === 0) return [];
    const steps = await this.q<{ trial_id: number; step: number; metrics: Record<string, number> }>(
      'SELECT trial_id, step, metrics FROM trial_intermediate WHERE trial_id = ANY($1) ORDER BY trial_id, seq', [rows.map((r) => r.id)]);
    const byTrial = new Map<number, StudyTrialRow['intermediate']>(rows.map((r) => [r.id, []]));
    for (const s of steps) byTrial.get(s.trial_id)!.push({ step: s.step, metrics: s.metrics });
    return rows.map((r) => ({
      id: r.id, studyId: r.study_id, number: r.number, state: r.state, params: r.params, paramsKey: r.params_key, values: r.value_vector,
      attrs: r.attrs, intermediate: byTrial.get(r.id)!, worker: r.worker, startedAt: r.started_at, heartbeatAt: r.heartbeat_at, finishedAt: r.finished_at, error: r.error,
      finishSeq: r.finish_seq,
    }));
  }

  async failStaleTrials(studyId: number, opts: { heartbeatBefore: string; deadWorkers?: string[] }): Promise<number[]> {
    return this.tx(async (c) => {
      await this.lockStudy(c, studyId);
      const stale = await this.query<{ id: number }>(`SELECT id FROM study_trials WHERE study_id = $1 AND state = 'running' AND (heartbeat_at < $2 OR worker = ANY($3))
        ORDER BY id`, [studyId, opts.heartbeatBefore, opts.deadWorkers ?? []], c);
      for (const { id } of stale) {
        await c.query(`UPDATE study_trials SET state = 'failed', finished_at = $2, error = 'stale: its worker ' || COALESCE(worker, '?') || ' stopped sending heartbeats',
          finish_seq = (SELECT COALESCE(MAX(finish_seq), 0) + 1 FROM study_trials WHERE study_id = $3) WHERE id = $1`, [id, nowIso(), studyId]);
      }
      if (stale.length) await c.query('UPDATE studies SET live_trials = live_trials - $2 WHERE id = $1', [studyId, stale.length]);
      return stale.map((r) => r.id);
    });
  }

  async close(): Promise<void> { await this.pool.end(); }
}

interface RawRun {
  id: number; experiment: string; kind: string; status: RunStatus; started_at: string; finished_at: string | null;
  heartbeat_at: string; params: Record<string, unknown>; summary: Record<string, unknown> | null; error: string | null; worker: string | null;
}
interface RawStudy {
  id: number; name: string; objectives: StudyRow['objectives']; config: Record<string, unknown>; status: StudyStatus; created_at: string;
  finished_at: string | null; summary: Record<string, unknown> | null;
}
interface RawTrial {
  id: number; study_id: number; number: number; state: TrialState; params: unknown; params_key: string; value_vector: number[] | null;
  attrs: Record<string, unknown>; worker: string | null; started_at: string; heartbeat_at: string; finished_at: string | null; error: string | null;
  finish_seq: number | null;
}

const toRun = (r: RawRun): RunRow => ({
  id: r.id, experiment: r.experiment, kind: r.kind, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at,
  heartbeatAt: r.heartbeat_at, params: r.params, summary: r.summary, error: r.error, worker: r.worker,
});

const toStudy = (r: RawStudy): StudyRow => ({
  id: r.id, name: r.name, objectives: r.objectives, config: r.config, status: r.status, createdAt: r.created_at, finishedAt: r.finished_at, summary: r.summary,
});
