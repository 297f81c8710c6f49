/**
 * The PostgreSQL schema as migrations: migration i takes a database from
 * version i to i + 1 (the single row of topiary_schema). Append only. The
 * tables mirror the SQLite store's; JSON is JSONB, times are ISO-8601 text
 * (so every backend compares heartbeats the same way).
 */
export const PG_MIGRATIONS: string[] = [
  `CREATE TABLE experiments (id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
   CREATE TABLE runs (id SERIAL PRIMARY KEY, experiment_id INTEGER NOT NULL REFERENCES experiments(id),
     kind TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('running','completed','failed','interrupted')),
     started_at TEXT NOT NULL, finished_at TEXT, heartbeat_at TEXT NOT NULL, params JSONB NOT NULL, summary JSONB, error TEXT, worker TEXT);
   CREATE INDEX runs_by_experiment ON runs(experiment_id);
   CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL,
     name TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, PRIMARY KEY (run_id, epoch, name));
   CREATE TABLE artifacts (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, kind TEXT NOT NULL, path TEXT NOT NULL);
   CREATE TABLE studies (id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, objectives JSONB NOT NULL, config JSONB NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('running','completed','failed')), created_at TEXT NOT NULL, finished_at TEXT, summary JSONB,
     live_trials INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE study_trials (id SERIAL PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE, number INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('waiting','running','completed','failed','pruned')), params JSONB NOT NULL, params_key TEXT NOT NULL,
     value_vector JSONB, attrs JSONB NOT NULL DEFAULT '{}', worker TEXT, started_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL, finished_at TEXT,
     error TEXT, finish_seq INTEGER, UNIQUE (study_id, number));
   CREATE INDEX study_trials_by_state ON study_trials(study_id, state);
   CREATE INDEX study_trials_by_key ON study_trials(study_id, params_key);
   CREATE INDEX study_trials_by_finish ON study_trials(study_id, finish_seq);
   CREATE INDEX study_trials_by_id ON study_trials(study_id, id);
   CREATE TABLE trial_intermediate (trial_id INTEGER NOT NULL REFERENCES study_trials(id) ON DELETE CASCADE, step DOUBLE PRECISION NOT NULL,
     seq INTEGER NOT NULL, metrics JSONB NOT NULL, PRIMARY KEY (trial_id, step));`,
];
