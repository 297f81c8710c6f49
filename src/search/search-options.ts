/**
 * Everything `search()` takes, for every kind of search: a table benchmark (lookup), networks trained here one by
 * one (sampled, evolved, grown or walked by ants), or a weight-sharing supernet. Options that do not apply to the
 * kind asked for are refused by name, so a typo or a misplaced option is never silently ignored.
 */
import type { ExperimentStore } from '../store/store.js';
import type { Objective } from '../study/objectives.js';
import type { Scalarization } from '../study/study.js';
import type { Tuning } from './spaces/tuned.js';

/** A table's columns: the architecture, validation score, test score, cost; or validation[:cost] pairs, one per fidelity. */
export interface BenchmarkColumns { arch?: string; valid?: string; test?: string; cost?: string; fidelities?: { validCol: string; costCol?: string }[] }

export interface SearchOptions {
  /** Strategy names (default random); weight-sharing ones (darts, gdas …) cannot be mixed with the others. */
  strategies?: string[];
  /** `nb201-cifar10` (default when no dataset is given) or `tabular:FILE.csv`. */
  benchmark?: string;
  columns?: BenchmarkColumns;
  /** The table's fidelity steps (e.g. 12 and 200 epochs for nb201-cifar10). */
  fidelities?: number[];
  /** Train networks on this dataset instead of looking them up. */
  dataset?: string;
  dataDir?: string;
  /** The trainable space (default mlp-widths; layer-graph for DeepSwarm; conv-stack for morph strategies; nb201 or mlp-cell for supernets). */
  space?: string;
  seeds?: number;
  firstSeed?: number;
  /** Trials per seed (default 100; no limit when only a time budget is given). */
  budget?: number;
  timeBudgetSeconds?: number;
  /** Training threads (default: all cores); 0 only creates the studies for `topiary worker` processes. */
  workers?: number;
  /** Join the studies (creating them if needed) as one more worker. */
  shared?: boolean;
  objectives?: string | Objective[];
  pruner?: string;
  eta?: number;
  study?: string;
  resume?: boolean;
  scalarize?: Scalarization;
  reference?: number[];
  /** Ask for a trial whenever a worker is free instead of in batches. */
  async?: boolean;
  /** Per-trial training. */
  epochs?: number;
  batchSize?: number;
  lr?: number;
  maxTrain?: number;
  patience?: number;
  evidence?: string;
  tune?: Tuning[];
  /** A zero-cost proxy as the strategies' estimate, and the proposals filtered per pick by it. */
  proxy?: string;
  proxyFilter?: number;
  predictorFilter?: number;
  /** Options of the strategies that take them (DeepSwarm: ants, maxDepth, greediness, heuristic, reuse, reusePatience). */
  strategyOptions?: Record<string, unknown>;
  /** Morph strategies: the most parameters a grown network may have. */
  maxParams?: number;
  /** Train each seed's best network this many more epochs, then save and export it. */
  finalEpochs?: number;
  /** Weight-sharing: cells per stage, channels, the architecture learning rate, epochs to train each derived cell. */
  cells?: number;
  channels?: number;
  archLr?: number;
  trainEpochs?: number;
  /** Where trained models go (a folder). */
  out?: string;
  /** An SVG chart of the search (more files with suffixes for several objectives). */
  plot?: string;
  /** Where studies and runs are kept (default: in memory). The caller opens and closes it. */
  store?: ExperimentStore;
  log?: (line: string) => void;
}
