/**
 * Any layer stack made shrinkable: a Switch after every hidden group of units
 * (a hidden Dense or Conv2d with the activation, normalisation, dropout and
 * pooling that follow it), so compress training can remove units of any
 * network a search found, not only the hand-made MLPs and CNNs. The switch
 * sits after the pooling, so folding it never has to pass through a max-pool.
 */
import { Affine } from '../nn/affine.js';
import { hasTraits } from '../nn/layer-traits.js';
import type { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import { type LayerSpec, type ModelSpec, buildModel } from '../nn/spec.js';
import { Switch } from './switch.js';

/** The layers that belong to a unit group after its Dense or Conv2d: those its units pass through one by one. */
const followsGroup = (m: Module): boolean => hasTraits(m) && m.unitFlow.kind === 'passes';

/** Builds `spec` with a Switch after each hidden unit group; the output layer keeps all its units. */
export function switchedModel(spec: ModelSpec, seed: number, switchLrScale = 1): Sequential {
  const plain = buildModel(spec, seed).layers;
  const lastAffine = plain.reduce((last, m, i) => (m instanceof Affine ? i : last), -1);
  const layers: Module[] = [];
  for (let i = 0; i < plain.length; i++) {
    layers.push(plain[i]);
    const m = plain[i];
    if (!(m instanceof Affine) || i === lastAffine) continue;
    while (i + 1 < plain.length && followsGroup(plain[i + 1])) layers.push(plain[++i]);
    layers.push(new Switch(m.weight.shape[0], { lrScale: switchLrScale }));
  }
  return new Sequential(layers);
}

/** `spec` with every hidden dense layer `factor` times as wide (at least one unit); convolutions keep their channels. */
export function widenDense(spec: ModelSpec, factor: number): ModelSpec {
  const layers: LayerSpec[] = spec.layers.map((l) => ({ ...l }));
  const dense = layers.map((l, i) => [l, i] as const).filter(([l]) => l.type === 'dense').map(([, i]) => i);
  for (const i of dense.slice(0, -1)) {
    const l = layers[i] as Extract<LayerSpec, { type: 'dense' }>;
    const wider = Math.max(1, Math.round(l.out * factor));
    // The next dense layer (no flatten or conv between two dense layers) reads these units.
    const next = layers[dense[dense.indexOf(i) + 1]] as Extract<LayerSpec, { type: 'dense' }>;
    for (const b of layers.slice(i + 1, dense[dense.indexOf(i) + 1])) {
      if (b.type === 'batchnorm') b.features = wider;
    }
    l.out = wider;
    next.in = wider;
  }
  return { ...spec, layers };
}
