/**
 * Weight-sharing searches as a user runs them: strategies × seeds on a dataset and a cell space, each deriving a cell;
 * optionally each derived cell trained from scratch (saved as a model file that exports like any other) and, for
 * NAS-Bench-201 cells, looked up in the benchmark's table after the search (never during it).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CellSpace } from '../arch/cell-space.js';
import { cellSpace } from '../arch/spaces/index.js';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../io/atomic.js';
import { type CheckpointOwner, removeCheckpoint } from '../train/checkpoint.js';
import { mean, std } from '../report/aggregate.js';
import type { TabularBenchmark } from '../search/benchmark.js';
import { preparedData, trainTrial } from '../search/train-trial.js';
import { recordRun } from '../store/record-run.js';
import type { ExperimentStore } from '../store/store.js';
import { alphaCharts } from './alpha-chart.js';
import { type OneShotEpoch, type OneShotResult, runOneShot } from './run-oneshot.js';
import { ONESHOT_RUN_KIND, completedOneShotRun, oneShotExperiment } from './search-runs.js';
import { oneShotEntry } from './strategies/index.js';

export interface OneShotSearchOptions {
  strategies: string[];
  seeds: number;
  firstSeed?: number;
  dataset: string;
  dataDir?: string;
  space: string;
  channels?: number;
  cells: number;
  epochs: number;
  batchSize?: number;
  weightLr?: number;
  archLr?: number;
  maxTrain?: number;
  /** Scores the derived cells after the search (NAS-Bench-201 cells). */
  table?: TabularBenchmark;
  /** Writes each search's result, α charts and (with trainEpochs) trained model here. */
  outDir?: string;
  /** Train each derived cell from scratch for this many epochs (0: do not). */
  trainEpochs?: number;
  /** Records each search as a run (per-epoch loss, the derived cell as its summary, files as artifacts). */
  store?: ExperimentStore;
  /** Reuse the completed runs in `store` with the same settings instead of searching again, and continue a stopped one from its checkpoint. */
  resume?: boolean;
  /**
   * A folder for each search's checkpoint, written every epoch and deleted when the search ends: with `resume`, a
   * search that was stopped goes on from its last epoch instead of starting over.
   */
  checkpointDir?: string;
  log?: (line: string) => void;
}

export interface DerivedCell {
  strategy: string;
  seed: number;
  arch: string;
  genotype: number[];
  searchSeconds: number;
  sharedScore: number;
  tableValid?: number;
  tableTest?: number;
  trained?: { valid: number; test: number; epochs: number; model?: string };
  /** The store's run of this search. */
  runId?: number;
  /** Taken from a run completed before a resume, not searched again. */
  resumed?: boolean;
}

export interface OneShotSearchOutcome { derived: DerivedCell[]; summaries: Record<string, unknown>[] }

export async function runOneShotSearch(o: OneShotSearchOptions): Promise<OneShotSearchOutcome> {
  for (const s of o.strategies) oneShotEntry(s);
  const space = cellSpace(o.space, '--space', o.channels !== undefined ? { channels: o.channels } : undefined);
  if (o.resume && !o.store) throw new Error('weight-sharing search: resuming needs the store the searches were recorded in');
  const derived: DerivedCell[] = [];
  if (o.outDir) mkdirSync(o.outDir, { recursive: true });
  if (o.checkpointDir) mkdirSync(o.checkpointDir, { recursive: true });
  const experiment = oneShotExperiment(o.dataset, o.space);
  for (const strategy of o.strategies) {
    for (let seed = o.firstSeed ?? 1; seed < (o.firstSeed ?? 1) + o.seeds; seed++) {
      const params = runSettings(o, strategy, seed);
      const earlier = o.resume ? await completedOneShotRun(o.store!, experiment, params) : undefined;
      if (earlier) {
        const cell = { ...(earlier.summary as unknown as DerivedCell), runId: earlier.id, resumed: true };
        o.log?.(`${strategy} seed ${seed}: ${cell.arch} (finished before the resume, run ${earlier.id})`);
        derived.push(cell);
        continue;
      }
      derived.push(await recordedSearch(o, space, experiment, params, strategy, seed));
    }
  }
  const summaries = o.strategies.map((strategy) => {
    const mine = derived.filter((d) => d.strategy === strategy);
    const tests = mine.map((d) => d.tableTest).filter((v): v is number => v !== undefined);
    return {
      strategy, seeds: mine.length, meanSearchSeconds: mean(mine.map((d) => d.searchSeconds)),
      ...(tests.length ? { meanTableTest: mean(tests), sdTableTest: std(tests) } : {}),
    };
  });
  return { derived, summaries };
}

/** What makes two searches the same search (a resume reuses a run only when all of it matches). */
function runSettings(o: OneShotSearchOptions, strategy: string, seed: number): Record<string, unknown> {
  return {
    strategy, seed, dataset: o.dataset, space: o.space, channels: o.channels ?? null, cells: o.cells, epochs: o.epochs,
    batchSize: o.batchSize ?? 64, weightLr: o.weightLr ?? null, archLr: o.archLr ?? null, maxTrain: o.maxTrain ?? null, trainEpochs: o.trainEpochs ?? 0,
  };
}

/** One strategy × seed: searched, scored by the table, trained, written out, and recorded as a run when there is a store. */
async function recordedSearch(o: OneShotSearchOptions, space: CellSpace, experiment: string, params: Record<string, unknown>, strategy: string, seed: number): Promise<DerivedCell> {
  const { outcome, runId } = await recordRun(o.store, experiment, ONESHOT_RUN_KIND, params, async (recordEpoch) => {
    const onEpoch = (e: OneShotEpoch): void => recordEpoch(e.epoch, { 'train.loss': e.trainLoss, seconds: e.seconds });
    const checkpoint = o.checkpointDir === undefined ? undefined : join(o.checkpointDir, `${strategy}-seed${seed}-${createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 12)}`);
    // A search not asked to resume starts afresh, even over a checkpoint a stopped search left.
    if (checkpoint && !o.resume) removeCheckpoint(checkpoint);
    const r = await runOneShot({ strategy, space, data: preparedData({ dataset: o.dataset, dataDir: o.dataDir, seed, maxTrain: o.maxTrain }), cells: o.cells, epochs: o.epochs, batchSize: o.batchSize, seed,
      weightLr: o.weightLr, archLr: o.archLr, log: o.log, onEpoch, checkpoint, checkpointOwner: params as CheckpointOwner });
    if (checkpoint) removeCheckpoint(checkpoint);
    const cell: DerivedCell = { strategy, seed, arch: r.cell, genotype: r.genotype, searchSeconds: r.seconds, sharedScore: r.sharedScore };
    if (o.table) {
      const entry = o.table.lookup(r.cell);
      cell.tableValid = entry.valid;
      cell.tableTest = entry.test;
    }
    if (o.trainEpochs) {
      const saveTo = o.outDir ? join(o.outDir, `${strategy}-seed${seed}-model`) : undefined;
      const t = trainTrial({ space: o.space, params: r.genotype, ...(o.channels !== undefined ? { channels: o.channels } : {}), dataset: o.dataset, dataDir: o.dataDir, epochs: o.trainEpochs, batchSize: 64, lr: 1e-3, seed, maxTrain: o.maxTrain, ...(saveTo ? { saveTo } : {}) });
      cell.trained = { valid: t.valid, test: t.test, epochs: t.epochs, ...(t.model ? { model: t.model } : {}) };
    }
    const files = o.outDir ? writeOutputs(o.outDir, r, cell, space.ops, space.edges) : [];
    o.log?.(`${strategy} seed ${seed}: ${r.cell} in ${r.seconds.toFixed(0)} s, shared-weight score ${r.sharedScore.toFixed(2)}`
      + (cell.tableTest !== undefined ? `, table valid ${cell.tableValid!.toFixed(2)} test ${cell.tableTest.toFixed(2)}` : '')
      + (cell.trained ? `, trained ${cell.trained.epochs} epochs: test ${cell.trained.test.toFixed(2)}` : ''));
    return { cell, summary: { ...cell }, artifacts: [...files, ...(cell.trained?.model ? [['model', cell.trained.model] as const] : [])] };
  });
  return runId === undefined ? outcome.cell : { ...outcome.cell, runId };
}

/** Writes the search's files; returns them as [artifact kind, path]. */
function writeOutputs(dir: string, r: OneShotResult, cell: DerivedCell, ops: readonly string[], edges: readonly (readonly [number, number])[]): [string, string][] {
  const stem = join(dir, `${cell.strategy}-seed${cell.seed}`);
  const files: [string, string][] = [['arch', `${stem}-arch.json`], ['result', `${stem}.json`]];
  writeFileAtomic(files[0][1], JSON.stringify(r.arch, null, 1));
  writeFileAtomic(files[1][1], JSON.stringify({ ...cell, history: r.history }, null, 1));
  if (r.learnsAlpha) {
    alphaCharts(r, ops, edges, `${cell.strategy} seed ${cell.seed}`).forEach((svg, e) => {
      files.push(['plot', `${stem}-alpha-edge${e}.svg`]);
      writeFileAtomic(files[files.length - 1][1], svg);
    });
  }
  return files;
}
