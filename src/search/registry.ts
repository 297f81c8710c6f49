/** Strategies by name, and the NB201 genotype space of the tabular benchmarks. */
import { OptionError } from '../core/option-error.js';
import { NB201_EDGES, NB201_OPS, formatNb201 } from '../arch/nb201.js';
import { categoricalSpace } from '../study/space.js';
import { cellPathEncoding } from './spaces/cell-encoding.js';
import type { StrategyEntry } from '../study/strategy.js';
import { bananas } from './bananas.js';
import { bohb } from './bohb.js';
import { deepSwarm } from './deepswarm.js';
import { geneticAlgorithm } from './genetic.js';
import { localSearch } from './local-search.js';
import { tpe } from './tpe.js';
import { gridSearch } from './grid-search.js';
import { morphHill } from './morph-hill.js';
import { morphRl } from './morph-rl.js';
import { nsga2 } from './nsga2.js';
import { proxyPick } from './proxy-pick.js';
import { randomSearch } from './random-search.js';
import { reinforce } from './reinforce.js';
import { regularizedEvolution } from './regularized-evolution.js';

const NB201_CELL = { nodes: 4, edges: NB201_EDGES, ops: NB201_OPS };

export const NB201_SPACE = categoricalSpace('nb201', NB201_EDGES.map(() => NB201_OPS.length), (g) => formatNb201([...g]), undefined,
  (g) => ({ kind: 'cell', nodes: 4, edges: NB201_EDGES.map(([from, to], i) => ({ from, to, op: NB201_OPS[g[i]] })) }), cellPathEncoding(NB201_CELL));

export const STRATEGIES: Record<string, StrategyEntry> = {
  grid: gridSearch,
  random: randomSearch,
  genetic: geneticAlgorithm(),
  reinforce: reinforce(),
  'regularized-evolution': regularizedEvolution(),
  nsga2: nsga2(),
  'proxy-pick': proxyPick(),
  'local-search': localSearch(),
  tpe: tpe(),
  'tpe-univariate': tpe({ multivariate: false }),
  bananas: bananas(),
  bohb,
  'morph-hill': morphHill,
  'morph-rl': morphRl(),
  deepswarm: deepSwarm(),
};

/** Other names accepted for a strategy. */
export const STRATEGY_ALIASES: Record<string, string> = { rea: 'regularized-evolution', 'nsga-ii': 'nsga2', ls: 'local-search' };

/** The strategy of that name, configured by `options` when given (an error for a strategy that takes none). */
export function strategyEntry(name: string, where = 'strategy', options?: Record<string, unknown>): StrategyEntry {
  const entry = STRATEGIES[STRATEGY_ALIASES[name] ?? name];
  if (!entry) throw new OptionError(where, `got "${name}"; expected one of ${Object.keys(STRATEGIES).join(', ')}`);
  if (!options || Object.keys(options).length === 0) return entry;
  if (!entry.configure) throw new Error(`strategy ${name} takes no options; got ${Object.keys(options).join(', ')}`);
  return entry.configure(options, `strategy ${name}`);
}
