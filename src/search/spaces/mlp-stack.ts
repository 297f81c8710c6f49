/**
 * Variable-depth MLPs: a list of 1 to `maxLayers` hidden layers, each a width
 * and an activation. Mutation adds a layer, removes one or changes one;
 * crossover joins a prefix of one parent to a suffix of the other. It has no
 * fixed vector of decisions, so grid search, REINFORCE and the bit-coded
 * genetic algorithm do not apply; random search, regularized evolution and
 * NSGA-II do.
 */
import type { Rng } from '../../core/random.js';
import { buildModel } from '../../nn/spec.js';
import { type Dimension, oneHotFeatures } from '../../study/dimensions.js';
import type { SearchSpace } from '../../study/space.js';
import type { TrainableSpace } from '../trainable-space.js';

const WIDTHS = [16, 32, 64, 128, 256, 512] as const;
const ACTIVATIONS = ['relu', 'tanh'] as const;

export interface StackLayer { width: number; activation: (typeof ACTIVATIONS)[number] }
export interface MlpStack { layers: StackLayer[] }

export function mlpStackSpace(maxLayers = 4): TrainableSpace<MlpStack> {
  const layer = (rng: Rng): StackLayer => ({ width: WIDTHS[rng.int(WIDTHS.length)], activation: ACTIVATIONS[rng.int(ACTIVATIONS.length)] });
  const describe = (p: MlpStack) => p.layers.map((l) => `${l.activation}_${l.width}`).join('-');
  const isValid = (p: unknown): p is MlpStack => {
    const layers = (p as MlpStack | null)?.layers;
    return Array.isArray(layers) && layers.length >= 1 && layers.length <= maxLayers
      && layers.every((l) => WIDTHS.includes(l?.width as (typeof WIDTHS)[number]) && ACTIVATIONS.includes(l?.activation));
  };
  // Depth, then a width and an activation per possible layer; a layer beyond the depth reads NaN (it does not apply).
  const dimensions: Dimension[] = [{ kind: 'int', name: 'depth', low: 1, high: maxLayers },
    ...Array.from({ length: maxLayers }, (_, k): Dimension[] => [
      { kind: 'categorical', name: `width${k + 1}`, choices: WIDTHS.length, labels: WIDTHS.map(String) },
      { kind: 'categorical', name: `activation${k + 1}`, choices: ACTIVATIONS.length, labels: [...ACTIVATIONS] }]).flat()];
  const toVector = (p: MlpStack) => [p.layers.length, ...Array.from({ length: maxLayers }, (_, k) => {
    const l = p.layers[k];
    return l ? [WIDTHS.indexOf(l.width as (typeof WIDTHS)[number]), ACTIVATIONS.indexOf(l.activation)] : [Number.NaN, Number.NaN];
  }).flat()];
  const pick = (x: number, n: number) => (Number.isNaN(x) ? 0 : Math.min(n - 1, Math.max(0, Math.round(x))));
  const search: SearchSpace<MlpStack> = {
    name: 'mlp-stack', describe, key: describe, isValid,
    vector: {
      dimensions, toVector,
      fromVector: (v) => ({ layers: Array.from({ length: pick(v[0] - 1, maxLayers) + 1 }, (_, k) => ({ width: WIDTHS[pick(v[1 + 2 * k], WIDTHS.length)], activation: ACTIVATIONS[pick(v[2 + 2 * k], ACTIVATIONS.length)] })) }),
    },
    encoding: { name: 'one-hot', size: 1 + maxLayers * (WIDTHS.length + ACTIVATIONS.length), encode: (p) => oneHotFeatures(dimensions, toVector(p)) },
    draw: (p) => ({ kind: 'stack', layers: p.layers.map((l) => ({ op: `dense ${l.activation}`, width: l.width })) }),
    size: Array.from({ length: maxLayers }, (_, i) => (WIDTHS.length * ACTIVATIONS.length) ** (i + 1)).reduce((a, b) => a + b, 0),
    sample: (rng) => ({ layers: Array.from({ length: 1 + rng.int(maxLayers) }, () => layer(rng)) }),
    mutate(p, rng) {
      const layers = p.layers.map((l) => ({ ...l }));
      const move = rng.int(3);
      if (move === 0 && layers.length < maxLayers) layers.splice(rng.int(layers.length + 1), 0, layer(rng));
      else if (move === 1 && layers.length > 1) layers.splice(rng.int(layers.length), 1);
      else {
        const k = rng.int(layers.length);
        let next = layer(rng);
        for (let t = 0; t < 10 && describe({ layers: [next] }) === describe({ layers: [layers[k]] }); t++) next = layer(rng);
        layers[k] = next;
      }
      return { layers };
    },
    crossover(a, b, rng) {
      const head = a.layers.slice(0, 1 + rng.int(a.layers.length)), tail = b.layers.slice(rng.int(b.layers.length));
      return { layers: [...head, ...tail].slice(0, maxLayers).map((l) => ({ ...l })) };
    },
  };
  return {
    name: 'mlp-stack', description: `1-${maxLayers} hidden layers, each ${ACTIVATIONS.join('/')} × width ${WIDTHS.join('/')}`, search,
    build(p, inputShape, outputs, seed) {
      if (!isValid(p)) throw new Error(`space mlp-stack: ${JSON.stringify(p)} is not a list of 1-${maxLayers} layers of { width: ${WIDTHS.join('|')}, activation: ${ACTIVATIONS.join('|')} }`);
      const features = inputShape.reduce((x, y) => x * y, 1);
      const sizes = [features, ...p.layers.map((l) => l.width)];
      return buildModel({ format: 'topiary-sequential', version: 1, inputShape, layers: [
        ...(inputShape.length > 1 ? [{ type: 'flatten' as const }] : []),
        ...p.layers.map((l, i) => ({ type: 'dense' as const, in: sizes[i], out: l.width, activation: l.activation, bias: true })),
        { type: 'dense' as const, in: sizes[sizes.length - 1], out: outputs, activation: 'identity' as const, bias: true },
      ] }, seed);
    },
  };
}
