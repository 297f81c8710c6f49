/**
 * The SQLite schema as a list of migrations: migration i takes a file from
 * version i to i + 1 (PRAGMA user_version). Append only: a released step is
 * never edited, so that every existing topiary.db upgrades the same way.
 */
import type Database from 'better-sqlite3';

type Migration = string | ((db: Database.Database) => void);

/** Version 2 → 3: studies of trials replace the per-run trials table (each search run becomes a study named as the search names it); runs record their process. */
function studiesFromSearchRuns(db: Database.Database): void {
  db.exec(`ALTER TABLE runs ADD COLUMN worker TEXT;
    CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, objectives TEXT NOT NULL, config TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running','completed','failed')), created_at TEXT NOT NULL, finished_at TEXT, summary TEXT,
      live_trials INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE study_trials (id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE, number INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('waiting','running','completed','failed','pruned')), params TEXT NOT NULL, params_key TEXT NOT NULL,
      value_vector TEXT, attrs TEXT NOT NULL DEFAULT '{}', worker TEXT, started_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL, finished_at TEXT, error TEXT,
      finish_seq INTEGER, UNIQUE (study_id, number));
    CREATE INDEX study_trials_by_state ON study_trials(study_id, state);
    CREATE INDEX study_trials_by_key ON study_trials(study_id, params_key);
    CREATE INDEX study_trials_by_finish ON study_trials(study_id, finish_seq);
    CREATE INDEX study_trials_by_id ON study_trials(study_id, id);
    CREATE TABLE trial_intermediate (trial_id INTEGER NOT NULL REFERENCES study_trials(id) ON DELETE CASCADE, step REAL NOT NULL, seq INTEGER NOT NULL,
      metrics TEXT NOT NULL, PRIMARY KEY (trial_id, step));`);
  const runs = db.prepare(`SELECT r.id, r.params, r.status, r.started_at, r.finished_at, e.name AS experiment FROM runs r
    JOIN experiments e ON e.id = r.experiment_id WHERE r.kind = 'search' ORDER BY r.id DESC`).all() as
    { id: number; params: string; status: string; started_at: string; finished_at: string | null; experiment: string }[];
  const insStudy = db.prepare(`INSERT INTO studies (name, objectives, config, status, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const insTrial = db.prepare(`INSERT INTO study_trials (study_id, number, state, params, params_key, value_vector, attrs, started_at, heartbeat_at, finished_at, error, finish_seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const taken = new Set<string>();
  // Newest first, so that the newest run of a setting keeps the plain name that a resumed search looks for.
  for (const run of runs) {
    const { budget: _budget, ...config } = JSON.parse(run.params) as Record<string, unknown>;
    // A table-lookup search (no space): the settings the new search records for it. Its trials are keyed by the old canonical
    // hash, not the new genotype key, so on resume they are looked up again (free) rather than replayed.
    if (config.space === undefined) {
      const label = run.experiment.replace(/^search-/, '');
      Object.assign(config, { benchmark: label, fidelities: [label === 'nb201-cifar10' ? 200 : 1] });
    }
    let name = `${run.experiment.replace(/^search-/, 'search:')}:${String(config.strategy)}:seed${String(config.seed)}`;
    if (taken.has(name)) name = `${name}#run${run.id}`;
    taken.add(name);
    const status = run.status === 'completed' ? 'completed' : run.status === 'failed' ? 'failed' : 'running';
    const studyId = Number(insStudy.run(name, JSON.stringify([{ name: 'valid', direction: 'max' }]), JSON.stringify({ ...config, migratedFromRun: run.id }),
      status, run.started_at, run.finished_at).lastInsertRowid);
    const trials = db.prepare('SELECT * FROM trials WHERE run_id = ? ORDER BY trial').all(run.id) as
      { trial: number; arch: string; arch_hash: string; status: string; started_at: string; heartbeat_at: string; finished_at: string | null; result: string | null; error: string | null }[];
    let finished = 0;
    for (const t of trials) {
      const result = t.result ? (JSON.parse(t.result) as Record<string, unknown>) : {};
      const values = t.status === 'completed' && typeof result.valid === 'number' ? JSON.stringify([result.valid]) : null;
      insTrial.run(studyId, t.trial - 1, t.status, JSON.stringify(t.arch), t.arch_hash, values, JSON.stringify({ ...result, arch: t.arch }),
        t.started_at, t.heartbeat_at, t.finished_at, t.error, t.status === 'running' ? null : ++finished);
    }
  }
  db.exec(`UPDATE studies SET live_trials = (SELECT count(*) FROM study_trials t WHERE t.study_id = studies.id AND t.state != 'failed');
    DROP TABLE trials;`);
}

export const MIGRATIONS: Migration[] = [
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
  studiesFromSearchRuns,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
