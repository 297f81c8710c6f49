/** Registries as data: search spaces and strategies by name. */
import { NB201_EDGES, NB201_OPS, formatNb201 } from '../arch/nb201.js';
import { geneticAlgorithm } from './genetic.js';
import { gridSearch } from './grid-search.js';
import { randomSearch } from './random-search.js';
import { reinforce } from './reinforce.js';
import { regularizedEvolution } from './regularized-evolution.js';
import type { SearchSpace } from './space.js';
import type { StrategyFactory } from './strategy.js';

export const NB201_SPACE: SearchSpace = {
  name: 'nb201', choices: NB201_EDGES.map(() => NB201_OPS.length), describe: (g) => formatNb201([...g]),
};

export const STRATEGIES: Record<string, StrategyFactory> = {
  grid: gridSearch,
  random: randomSearch,
  genetic: (space, rng) => geneticAlgorithm(space, rng),
  reinforce: (space, rng) => reinforce(space, rng),
  'regularized-evolution': (space, rng) => regularizedEvolution(space, rng),
};
