/** `search --strategy morph-hill|morph-rl`: the morph space over --space, sized by the data, with --max-params. */
import { resolveDataDir } from '../data/data-dir.js';
import { loadDataset } from '../data/registry.js';
import { STRATEGIES, strategyEntry } from '../search/registry.js';
import { MORPH_BASES, morphTrainable } from '../search/spaces/morph.js';
import type { TrainableSpace } from '../search/trainable-space.js';
import { type Parsed, intFlag, optionName } from './args.js';

/** Strategies that grow trained networks, as the registry declares them. */
export const isMorphStrategy = (name: string): boolean => strategyEntry(name).needsMorphSpace === true;
const MORPH_STRATEGIES = Object.keys(STRATEGIES).filter(isMorphStrategy);
export const MORPH_FLAGS = { 'max-params': 'string' } as const;

/** Null when no morph strategy is asked for; then --max-params is refused. */
export function morphSpaceFromFlags(p: Parsed, strategies: string[], task: { dataset: string; dataDir?: string }): TrainableSpace | null {
  const morph = strategies.filter(isMorphStrategy);
  if (morph.length === 0) {
    if (p.flags.has('max-params')) throw new Error(`${optionName(p, 'max-params')} caps the networks a morph strategy grows (${MORPH_STRATEGIES.join(', ')}); drop it or pick one of them`);
    return null;
  }
  const other = strategies.find((s) => !isMorphStrategy(s));
  if (other) throw new Error(`${optionName(p, 'strategy')}: "${other}" trains every architecture from scratch while ${morph[0]} grows trained ones; run them as separate searches`);
  const base = String(p.flags.get('space') ?? 'conv-stack');
  if (!MORPH_BASES.includes(base)) throw new Error(`${optionName(p, 'space')}: got "${base}"; ${morph[0]} grows ${MORPH_BASES.join(' or ')} networks`);
  // The data's shape sizes the networks, so the cap is checked when a step is proposed, not after training.
  // Only its shape and classes are read here: the workers load and prepare the rows themselves.
  const dataset = loadDataset(task.dataset, resolveDataDir(task.dataDir), 0);
  const maxParams = p.flags.has('max-params') ? intFlag(p, 'max-params', 0, 1) : undefined;
  return morphTrainable(base, { inputShape: dataset.inputShape, outputs: dataset.task === 'classification' ? dataset.classes! : 1, maxParams }) as TrainableSpace;
}
