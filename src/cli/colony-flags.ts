/**
 * `search --strategy deepswarm`: its options as flags, and the layer-graph
 * space sized by the data (images or a table) and --max-depth.
 */
import { resolveDataDir } from '../data/data-dir.js';
import { loadDataset } from '../data/registry.js';
import { DEEPSWARM_DEFAULTS } from '../search/deepswarm.js';
import { STRATEGIES } from '../search/registry.js';
import type { SpaceOptions } from '../search/spaces/index.js';
import { type Parsed, intFlag, numberFlag, optionName } from './args.js';

export const COLONY_FLAGS = { ants: 'string', 'max-depth': 'string', greediness: 'string', heuristic: 'boolean', reuse: 'string', 'reuse-patience': 'string' } as const;

/** The colony's options from its flags (only those given), or an error when none of the strategies takes them. */
export function colonyOptions(p: Parsed, strategies: string[]): Record<string, unknown> | undefined {
  const given = Object.keys(COLONY_FLAGS).filter((f) => p.flags.has(f));
  if (given.length === 0) return undefined;
  if (!strategies.some((s) => STRATEGIES[s]?.configure)) {
    throw new Error(`${optionName(p, given[0])} is an option of ${Object.keys(STRATEGIES).filter((n) => STRATEGIES[n].configure).join(', ')}; drop it or pick that strategy`);
  }
  const o: Record<string, unknown> = {};
  if (p.flags.has('ants')) o.ants = intFlag(p, 'ants', DEEPSWARM_DEFAULTS.ants, 1);
  if (p.flags.has('max-depth')) o.maxDepth = intFlag(p, 'max-depth', DEEPSWARM_DEFAULTS.maxDepth, 1);
  if (p.flags.has('greediness')) o.greediness = numberFlag(p, 'greediness', DEEPSWARM_DEFAULTS.greediness, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
  if (p.flags.has('heuristic')) o.heuristic = true;
  if (p.flags.has('reuse')) {
    const r = String(p.flags.get('reuse'));
    if (r !== 'prefix' && r !== 'none') throw new Error(`${optionName(p, 'reuse')}: got "${r}"; expected prefix (start from the weights of earlier networks sharing a prefix) or none`);
    o.reuse = r;
  }
  if (p.flags.has('reuse-patience')) o.reusePatience = intFlag(p, 'reuse-patience', DEEPSWARM_DEFAULTS.reusePatience, 1);
  return o;
}

/** The layer graph's options for this data: its input kind (read from the dataset's shape) and --max-depth. */
export function layerGraphOptions(p: Parsed, task: { dataset: string; dataDir?: string }): SpaceOptions {
  const dataset = loadDataset(task.dataset, resolveDataDir(task.dataDir), 0);
  return { input: dataset.inputShape.length === 3 ? 'images' : 'table', ...(p.flags.has('max-depth') ? { maxDepth: intFlag(p, 'max-depth', 15, 1) } : {}) };
}
