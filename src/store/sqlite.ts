/** SQLite experiment store (better-sqlite3 12.x, WAL mode) with versioned migrations. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ExperimentStore, RunDetail, RunRow, RunStatus, TrialRow } from './store.js';

/** Migration i takes the schema from version i to i + 1 (PRAGMA user_version). Append only. */
const MIGRATIONS: string[] = [
  `CREATE TABLE experiments (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
   CREATE TABLE runs (id INTEGER PRIMARY KEY, experiment_id INTEGER NOT NULL REFERENCES experiments(id),
     kind TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('running','completed','failed','interrupted')),
     started_at TEXT NOT NULL, finished_at TEXT, heartbeat_at TEXT NOT NULL, params TEXT NOT NULL, summary TEXT, error TEXT);
   CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL,
     name TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (run_id, epoch, name));
   CREATE TABLE artifacts (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, kind TEXT NOT NULL, path TEXT NOT NULL);
   CREATE INDEX runs_by_experiment ON runs(experiment_id);`,
  `CREATE TABLE trials (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, trial INTEGER NOT NULL,
     arch TEXT NOT NULL, arch_hash TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('running','completed','failed')),
     started_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL, finished_at TEXT, result TEXT, error TEXT, PRIMARY KEY (run_id, trial));`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

interface RawRun {
  id: number; experiment: string; kind: string; status: RunStatus; started_at: string; finished_at: string | null;
  heartbeat_at: string; params: string; summary: string | null; error: string | null;
}

interface RawTrial {
  trial: number; arch: string; arch_hash: string; status: TrialRow['status']; started_at: string; heartbeat_at: string;
  finished_at: string | null; result: string | null; error: string | null;
}

const now = () => new Date().toISOString();

export class SqliteStore implements ExperimentStore {
  private readonly db: Database.Database;

  constructor(path = './topiary.db') {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate(path);
  }

  private migrate(path: string): void {
    const version = () => this.db.pragma('user_version', { simple: true }) as number;
    if (version() > SCHEMA_VERSION) {
      throw new Error(`${path}: database schema version ${version()} is newer than this Topiary understands (${SCHEMA_VERSION}); upgrade Topiary`);
    }
    // One step per write-locked transaction, re-reading the version inside it: another process may be migrating the same file.
    const step = this.db.transaction(() => {
      const v = version();
      if (v >= SCHEMA_VERSION) return false;
      this.db.exec(MIGRATIONS[v]);
      this.db.pragma(`user_version = ${v + 1}`);
      return true;
    });
    while (step.immediate()) { /* next migration */ }
  }

  createRun(experiment: string, kind: string, params: Record<string, unknown>): number {
    return this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO experiments (name, created_at) VALUES (?, ?)').run(experiment, now());
      const exp = this.db.prepare('SELECT id FROM experiments WHERE name = ?').get(experiment) as { id: number };
      const t = now();
      const r = this.db.prepare(`INSERT INTO runs (experiment_id, kind, status, started_at, heartbeat_at, params)
        VALUES (?, ?, 'running', ?, ?, ?)`).run(exp.id, kind, t, t, JSON.stringify(params));
      return Number(r.lastInsertRowid);
    })();
  }

  heartbeat(runId: number): void {
    this.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(now(), runId);
  }

  logEpoch(runId: number, epoch: number, metrics: Record<string, number>): void {
    const ins = this.db.prepare('INSERT OR REPLACE INTO metrics (run_id, epoch, name, value) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(metrics)) if (Number.isFinite(v)) ins.run(runId, epoch, k, v);
      this.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(now(), runId);
    })();
  }

  addArtifact(runId: number, kind: string, path: string): void {
    this.db.prepare('INSERT INTO artifacts (run_id, kind, path) VALUES (?, ?, ?)').run(runId, kind, path);
  }

  finishRun(runId: number, status: Exclude<RunStatus, 'running'>, summary?: Record<string, unknown>, error?: string): void {
    const t = now();
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ?, heartbeat_at = ?, summary = ?, error = ? WHERE id = ?')
      .run(status, t, t, summary ? JSON.stringify(summary) : null, error ?? null, runId);
  }

  listRuns(opts: { experiment?: string; limit?: number } = {}): RunRow[] {
    const rows = this.db.prepare(`SELECT r.*, e.name AS experiment FROM runs r JOIN experiments e ON e.id = r.experiment_id
      WHERE (? IS NULL OR e.name = ?) ORDER BY r.id DESC LIMIT ?`).all(opts.experiment ?? null, opts.experiment ?? null, opts.limit ?? 100) as RawRun[];
    return rows.map(toRow);
  }

  getRun(id: number): RunDetail | null {
    const r = this.db.prepare(`SELECT r.*, e.name AS experiment FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`).get(id) as RawRun | undefined;
    if (!r) return null;
    const metrics = this.db.prepare('SELECT epoch, name, value FROM metrics WHERE run_id = ? ORDER BY epoch, name').all(id) as RunDetail['metrics'];
    const artifacts = this.db.prepare('SELECT kind, path FROM artifacts WHERE run_id = ?').all(id) as RunDetail['artifacts'];
    return { ...toRow(r), metrics, artifacts };
  }

  startTrial(runId: number, trial: number, arch: string, archHash: string): void {
    const t = now();
    this.db.prepare(`INSERT OR REPLACE INTO trials (run_id, trial, arch, arch_hash, status, started_at, heartbeat_at)
      VALUES (?, ?, ?, ?, 'running', ?, ?)`).run(runId, trial, arch, archHash, t, t);
  }

  trialHeartbeat(runId: number, trial: number): void {
    const t = now();
    this.db.prepare('UPDATE trials SET heartbeat_at = ? WHERE run_id = ? AND trial = ?').run(t, runId, trial);
    this.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(t, runId);
  }

  finishTrial(runId: number, trial: number, status: 'completed' | 'failed', result: Record<string, unknown> | null, error?: string): void {
    const t = now();
    this.db.prepare('UPDATE trials SET status = ?, finished_at = ?, heartbeat_at = ?, result = ?, error = ? WHERE run_id = ? AND trial = ?')
      .run(status, t, t, result ? JSON.stringify(result) : null, error ?? null, runId, trial);
  }

  listTrials(runId: number): TrialRow[] {
    const rows = this.db.prepare('SELECT * FROM trials WHERE run_id = ? ORDER BY trial').all(runId) as RawTrial[];
    return rows.map((r) => ({ trial: r.trial, arch: r.arch, archHash: r.arch_hash, status: r.status, startedAt: r.started_at, heartbeatAt: r.heartbeat_at,
      finishedAt: r.finished_at, result: r.result ? (JSON.parse(r.result) as Record<string, unknown>) : null, error: r.error }));
  }

  /** Runs `fn` as one transaction (many small writes, one commit). */
  batch<T>(fn: () => T): T { return this.db.transaction(fn)(); }

  /** Marks a finished or interrupted run as running again (resume). */
  reopenRun(runId: number): void {
    this.db.prepare("UPDATE runs SET status = 'running', finished_at = NULL, heartbeat_at = ? WHERE id = ?").run(now(), runId);
  }

  close(): void { this.db.close(); }
}

function toRow(r: RawRun): RunRow {
  return {
    id: r.id, experiment: r.experiment, kind: r.kind, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at,
    heartbeatAt: r.heartbeat_at, params: JSON.parse(r.params) as Record<string, unknown>,
    summary: r.summary ? (JSON.parse(r.summary) as Record<string, unknown>) : null, error: r.error,
  };
}
