/**
 * Weight-sharing searches as a user runs them: strategies × seeds on a dataset and a cell space, each deriving a cell;
 * optionally each derived cell trained from scratch (saved as a model file that exports like any other) and, for
 * NAS-Bench-201 cells, looked up in the benchmark's table after the search (never during it).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cellSpace } from '../arch/spaces/index.js';
import { writeFileAtomic } from '../io/atomic.js';
import { mean, std } from '../report/aggregate.js';
import type { TabularBenchmark } from '../search/benchmark.js';
import { preparedData, trainTrial } from '../search/train-trial.js';
import { alphaCharts } from './alpha-chart.js';
import { type OneShotResult, runOneShot } from './run-oneshot.js';
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
}

export interface OneShotSearchOutcome { derived: DerivedCell[]; summaries: Record<string, unknown>[] }

export function runOneShotSearch(o: OneShotSearchOptions): OneShotSearchOutcome {
  for (const s of o.strategies) oneShotEntry(s);
  const space = cellSpace(o.space, '--space', o.channels !== undefined ? { channels: o.channels } : undefined);
  const derived: DerivedCell[] = [];
  if (o.outDir) mkdirSync(o.outDir, { recursive: true });
  for (const strategy of o.strategies) {
    for (let seed = o.firstSeed ?? 1; seed < (o.firstSeed ?? 1) + o.seeds; seed++) {
      const r = runOneShot({ strategy, space, data: preparedData({ dataset: o.dataset, dataDir: o.dataDir, seed, maxTrain: o.maxTrain }), cells: o.cells, epochs: o.epochs, batchSize: o.batchSize, seed, weightLr: o.weightLr, archLr: o.archLr, log: o.log });
      const cell: DerivedCell = { strategy, seed, arch: r.cell, genotype: r.genotype, searchSeconds: r.seconds, sharedScore: r.sharedScore };
      if (o.table) {
        const entry = o.table.lookup(r.cell);
        cell.tableValid = entry.valid;
        cell.tableTest = entry.test;
      }
      if (o.trainEpochs) {
        const saveTo = o.outDir ? join(o.outDir, `${strategy}-seed${seed}-model`) : undefined;
        const t = trainTrial({ space: o.space, params: r.genotype, dataset: o.dataset, dataDir: o.dataDir, epochs: o.trainEpochs, batchSize: 64, lr: 1e-3, seed, maxTrain: o.maxTrain, ...(saveTo ? { saveTo } : {}) });
        cell.trained = { valid: t.valid, test: t.test, epochs: t.epochs, ...(t.model ? { model: t.model } : {}) };
      }
      if (o.outDir) writeOutputs(o.outDir, r, cell, space.ops, space.edges);
      o.log?.(`${strategy} seed ${seed}: ${r.cell} in ${r.seconds.toFixed(0)} s, shared-weight score ${r.sharedScore.toFixed(2)}`
        + (cell.tableTest !== undefined ? `, table valid ${cell.tableValid!.toFixed(2)} test ${cell.tableTest.toFixed(2)}` : '')
        + (cell.trained ? `, trained ${cell.trained.epochs} epochs: test ${cell.trained.test.toFixed(2)}` : ''));
      derived.push(cell);
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

function writeOutputs(dir: string, r: OneShotResult, cell: DerivedCell, ops: readonly string[], edges: readonly (readonly [number, number])[]): void {
  const stem = join(dir, `${cell.strategy}-seed${cell.seed}`);
  writeFileAtomic(`${stem}-arch.json`, JSON.stringify(r.arch, null, 1));
  writeFileAtomic(`${stem}.json`, JSON.stringify({ ...cell, history: r.history }, null, 1));
  if (r.learnsAlpha) alphaCharts(r, ops, edges, `${cell.strategy} seed ${cell.seed}`).forEach((svg, e) => writeFileAtomic(`${stem}-alpha-edge${e}.svg`, svg));
}
