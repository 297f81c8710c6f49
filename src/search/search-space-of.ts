/**
 * The trainable space a search of networks trained here walks: a morph space over a base family when the
 * strategies grow trained networks, the layer graph sized by the data for DeepSwarm, else a named space (optionally
 * with training settings tuned alongside the architecture).
 */
import { OptionError, intOption } from '../core/option-error.js';
import type { Dataset } from '../data/dataset.js';
import { ioSizes } from '../data/source.js';
import { STRATEGIES, strategyEntry } from './registry.js';
import { type SpaceOptions, trainableSpace } from './spaces/index.js';
import { MORPH_BASES, morphTrainable } from './spaces/morph.js';
import type { Tuning } from './spaces/tuned.js';
import type { TrainableSpace } from './trainable-space.js';

/** Strategies that grow trained networks, as the registry declares them. */
export const isMorphStrategy = (name: string): boolean => strategyEntry(name).needsMorphSpace === true;
/** Strategies that walk the layer graph and reuse weights along it (DeepSwarm). */
export const needsLayerGraph = (name: string): boolean => strategyEntry(name).needsLayerGraph === true;

export interface SearchSpaceRequest {
  space?: string; maxParams?: number; tune?: Tuning[]; strategyOptions?: Record<string, unknown>;
  /** The search's dataset, loaded when first asked for (only its shape and classes are read here). */
  data: () => Dataset;
}

export function searchSpaceOf(strategies: string[], o: SearchSpaceRequest): { space: TrainableSpace; spaceOptions?: SpaceOptions } {
  const morph = strategies.filter(isMorphStrategy);
  if (morph.length === 0) {
    if (o.maxParams !== undefined) throw new OptionError('maxParams', `caps the networks a morph strategy grows (${Object.keys(STRATEGIES).filter(isMorphStrategy).join(', ')}); drop it or pick one of them`);
    const name = o.space ?? (strategies.some(needsLayerGraph) ? 'layer-graph' : 'mlp-widths');
    const spaceOptions = name === 'layer-graph' ? layerGraphOptions(o) : undefined;
    return { space: trainableSpace(name, 'space', spaceOptions, o.tune), ...(spaceOptions ? { spaceOptions } : {}) };
  }
  const other = strategies.find((s) => !isMorphStrategy(s));
  if (other) throw new OptionError('strategies', `"${other}" trains every architecture from scratch while ${morph[0]} grows trained ones; run them as separate searches`);
  if (o.tune?.length) throw new OptionError('tune', 'a morph search grows trained networks with the search\'s training settings; drop it or pick another strategy');
  const base = o.space ?? 'conv-stack';
  if (!MORPH_BASES.includes(base)) throw new OptionError('space', `got "${base}"; ${morph[0]} grows ${MORPH_BASES.join(' or ')} networks`);
  // The data's shape sizes the networks, so the cap is checked when a step is proposed, not after training.
  // Only its shape and classes are read here: the workers load and prepare the rows themselves.
  const data = o.data();
  const maxParams = o.maxParams === undefined ? undefined : intOption(o.maxParams, 'maxParams', 1, 1);
  return { space: morphTrainable(base, { inputShape: data.inputShape, outputs: ioSizes(data).outSize, maxParams }) as TrainableSpace };
}

/** The layer graph's options for this data: its input kind (read from the dataset's shape) and the colony's maximum depth. */
function layerGraphOptions(o: SearchSpaceRequest): SpaceOptions {
  const data = o.data();
  const maxDepth = o.strategyOptions?.maxDepth;
  return { input: data.inputShape.length === 3 ? 'images' : 'table', ...(maxDepth !== undefined ? { maxDepth: intOption(maxDepth, 'maxDepth', 15, 1) } : {}) };
}
