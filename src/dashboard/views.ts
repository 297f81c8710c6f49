/**
 * The dashboard's data, read from the experiment store: the overview, a study
 * with its trials (whole, then only what changed), one trial in full, and a
 * run with its per-epoch series. Nothing here writes to the store.
 */
import { canonicalMetricName } from '../train/metric-vocabulary.js';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArchDrawing } from '../arch/drawing.js';
import { drawingFeatures } from '../arch/drawing.js';
import { NB201_SPACE } from '../search/registry.js';
import { type SpaceOptions, TRAINABLE_SPACES } from '../search/spaces/index.js';
import { isDeadLocalWorker } from '../store/process-id.js';
import type { ExperimentStore, RunRow, StudyRow, StudyTrialRow, TrialState } from '../store/store.js';
import type { SearchSpace } from '../study/space.js';
import type { FileLink, Overview, RunItem, RunPayload, StudyHeader, StudyItem, StudyPayload, TrialDetail, TrialItem } from './payloads.js';

/** Past this long without a heartbeat, a "running" run or study is shown as stale. */
const STALE_AFTER_MS = 10 * 60_000;

/** Trial attributes that name files a user may download (a trained model, its exports). */
const FILE_ATTRS = ['model', 'onnx', 'tfjs'] as const;

const ageMs = (iso: string | null | undefined): number => (iso ? Date.now() - Date.parse(iso) : Infinity);

/** The space a study's trials belong to, from what the study recorded (null: a space this build does not know). */
function spaceOf(config: Record<string, unknown>): SearchSpace | null {
  if (typeof config.space === 'string') return TRAINABLE_SPACES[config.space]?.(config.spaceOptions as SpaceOptions | undefined).search ?? null;
  if (typeof config.benchmark === 'string') return NB201_SPACE as SearchSpace;
  return null;
}

function archView(space: SearchSpace | null, params: unknown): { arch: string; drawing: ArchDrawing | null } {
  if (space?.isValid(params)) {
    try {
      return { arch: space.describe(params), drawing: space.draw?.(params) ?? null };
    } catch { /* shown as JSON below */ }
  }
  return { arch: JSON.stringify(params), drawing: null };
}

const emptyCounts = (): Record<TrialState, number> => ({ waiting: 0, running: 0, completed: 0, failed: 0, pruned: 0 });

export class DashboardViews {
  /** Studies that have ended do not change: their counts are read once. */
  private readonly endedStudies = new Map<number, StudyItem>();
  private readonly spaces = new Map<number, SearchSpace | null>();

  constructor(private readonly store: ExperimentStore) {}

  async overview(): Promise<Overview> {
    const [studyRows, runRows] = await Promise.all([this.store.listStudies(), this.store.listRuns({ limit: 1_000_000 })]);
    const studies: StudyItem[] = [];
    for (const row of studyRows) studies.push(this.endedStudies.get(row.id) ?? await this.studyItem(row));
    const trials = studies.reduce((n, s) => n + Object.values(s.trials).reduce((a, b) => a + b, 0), 0);
    // A store's URL never holds a password (PostgresStore masks it when opened).
    return { store: this.store.url, totals: { studies: studies.length, runs: runRows.length, trials }, studies, runs: runRows.map(runItem) };
  }

  private async studyItem(row: StudyRow): Promise<StudyItem> {
    const trials = await this.store.listTrials(row.id);
    const counts = emptyCounts();
    let best: number | null = null;
    const max = row.objectives[0]?.direction !== 'min';
    for (const t of trials) {
      counts[t.state]++;
      const v = t.values?.[0];
      if (t.state === 'completed' && v !== undefined && Number.isFinite(v) && (best === null || (max ? v > best : v < best))) best = v;
    }
    const item: StudyItem = { ...studyHeader(row, trials), trials: counts, best };
    if (row.status !== 'running') this.endedStudies.set(row.id, item);
    return item;
  }

  private async studyRow(id: number): Promise<StudyRow | null> {
    return (await this.store.listStudies()).find((s) => s.id === id) ?? null;
  }

  private space(row: StudyRow): SearchSpace | null {
    if (!this.spaces.has(row.id)) this.spaces.set(row.id, spaceOf(row.config));
    return this.spaces.get(row.id)!;
  }

  /** since = 0: every trial; otherwise trials finished after `since` and those still waiting or running. */
  async study(id: number, since: number): Promise<StudyPayload | null> {
    const row = await this.studyRow(id);
    if (!row) return null;
    // After the first request only what changed is read: trials finished since, and those still under way.
    const sent = since > 0
      ? [...await this.store.listTrials(id, { finishedAfter: since }), ...await this.store.listTrials(id, { states: ['waiting', 'running'] })]
      : await this.store.listTrials(id);
    const space = this.space(row);
    const metric = row.objectives[0]?.name;
    const trials: TrialItem[] = sent.map((t) => {
      const { arch, drawing } = archView(space, t.params);
      return {
        number: t.number, state: t.state, values: t.values, arch, features: drawing ? drawingFeatures(drawing) : null,
        startedAt: t.startedAt, finishedAt: t.finishedAt, finishSeq: t.finishSeq, worker: t.worker, error: t.error,
        curve: metric === undefined ? [] : t.intermediate.filter((i) => Number.isFinite(i.metrics[metric])).map((i) => [i.step, i.metrics[metric]]),
        predicted: typeof t.attrs.predicted === 'number' ? t.attrs.predicted : null,
        pheromone: t.attrs.pheromone && typeof t.attrs.pheromone === 'object' ? t.attrs.pheromone as Record<string, number> : null,
        round: typeof (t.attrs.ant as { round?: unknown } | undefined)?.round === 'number' ? (t.attrs.ant as { round: number }).round : null,
      };
    });
    const cursor = sent.reduce((m, t) => Math.max(m, t.finishSeq ?? 0), since);
    return { study: { ...studyHeader(row, sent), config: row.config }, trials, cursor };
  }

  async trial(studyId: number, number: number): Promise<TrialDetail | null> {
    const row = await this.studyRow(studyId);
    const t = row ? (await this.store.listTrials(studyId)).find((x) => x.number === number) : undefined;
    if (!row || !t) return null;
    const { arch, drawing } = archView(this.space(row), t.params);
    const files: FileLink[] = FILE_ATTRS.filter((k) => existingFile(t.attrs[k]) !== null)
      .map((k) => ({ label: k, url: `/files/study/${studyId}/trial/${number}/${k}` }));
    return { number: t.number, state: t.state, values: t.values, arch, drawing, attrs: t.attrs, intermediate: t.intermediate, error: t.error, files };
  }

  /** The file a trial attribute names, when it exists: the only trial files the server hands out. */
  async trialFile(studyId: number, number: number, key: string): Promise<string | null> {
    if (!(FILE_ATTRS as readonly string[]).includes(key)) return null;
    const t = (await this.store.listTrials(studyId)).find((x) => x.number === number);
    return t ? existingFile(t.attrs[key]) : null;
  }

  async run(id: number): Promise<RunPayload | null> {
    const run = await this.store.getRun(id);
    if (!run) return null;
    const byName = new Map<string, { epochs: number[]; values: number[] }>();
    for (const m of [...run.metrics].sort((a, b) => a.epoch - b.epoch)) {
      // Old runs recorded other names for the same things; charts read the vocabulary.
      const name = canonicalMetricName(m.name);
      const s = byName.get(name) ?? { epochs: [], values: [] };
      s.epochs.push(m.epoch);
      s.values.push(m.value);
      byName.set(name, s);
    }
    const files = run.artifacts.flatMap((a, k) => (existingFile(a.path) ? [{ label: a.kind, url: `/files/run/${id}/${k}` }] : []));
    return {
      run: { ...runItem(run), params: run.params, summary: run.summary, error: run.error, worker: run.worker },
      series: [...byName].map(([name, s]) => ({ name, ...s })), files,
    };
  }

  /** The file of a run's k-th artifact, when it exists. */
  async runFile(id: number, k: number): Promise<string | null> {
    const run = await this.store.getRun(id);
    return run?.artifacts[k] ? existingFile(run.artifacts[k].path) : null;
  }
}

/** A study as listed, less its trial counts; `trials`: those known to have changed, for the latest heartbeat. */
function studyHeader(row: StudyRow, trials: StudyTrialRow[]): StudyHeader {
  let lastBeat = row.createdAt;
  for (const t of trials) if (t.heartbeatAt > lastBeat) lastBeat = t.heartbeatAt;
  const config = row.config;
  return {
    id: row.id, name: row.name, status: row.status, createdAt: row.createdAt, finishedAt: row.finishedAt, objectives: row.objectives,
    liveness: row.status !== 'running' ? 'finished' : ageMs(lastBeat) > STALE_AFTER_MS ? 'stale' : 'live',
    strategy: typeof config.strategy === 'string' ? config.strategy : null,
    source: typeof config.space === 'string' ? config.space : typeof config.benchmark === 'string' ? `${config.benchmark} (table lookup)` : 'unknown',
  };
}

function existingFile(path: unknown): string | null {
  if (typeof path !== 'string' || path === '') return null;
  const full = resolve(path);
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

function runItem(r: RunRow): RunItem {
  const dead = r.status === 'running' && (isDeadLocalWorker(r.worker) || ageMs(r.heartbeatAt) > STALE_AFTER_MS);
  return {
    id: r.id, experiment: r.experiment, kind: r.kind, status: dead ? 'stale' : r.status,
    liveness: r.status !== 'running' ? 'finished' : dead ? 'stale' : 'live',
    startedAt: r.startedAt, finishedAt: r.finishedAt, headline: headline(r.summary),
  };
}

function headline(s: Record<string, unknown> | null): string {
  if (!s) return '';
  if (typeof s.testAccuracy === 'number') return `test accuracy ${(s.testAccuracy * 100).toFixed(2)}%`;
  if (typeof s.testR2 === 'number') return `test R² ${s.testR2.toFixed(4)}`;
  return '';
}
