/**
 * Physical removal of units behind a switch: the producing layer's outputs,
 * anything per-feature in between (BatchNorm), the switch, and the consuming
 * layer's inputs — through a Flatten, by tracking which features survive.
 * Optimizer state moves with the parameters (their slots), nothing is rebuilt.
 */
import { Affine } from '../nn/affine.js';
import { Dense } from '../nn/dense.js';
import { type LayerTraits, hasTraits } from '../nn/layer-traits.js';
import type { Module } from '../nn/module.js';
import type { Sequential } from '../nn/sequential.js';
import { SizeGate } from './size-gate.js';
import { Switch } from './switch.js';

/** A layer units pass through one by one (or flatten through), as the layer declares it. */
const passesUnits = (m: Module): boolean => hasTraits(m) && (m.unitFlow.kind === 'passes' || m.unitFlow.kind === 'flattens');
/** Layers that keep per-unit state: they lose the removed units' state too. */
const perFeature = (m: Module): m is Module & LayerTraits & { selectFeatures(i: ArrayLike<number>): void } =>
  hasTraits(m) && m.unitFlow.kind === 'passes' && m.unitFlow.perFeature && m.selectFeatures !== undefined;

/** Keeps only units `keep` (ascending) of the switch at `switchIndex` in `model.layers`. */
export function keepUnits(model: Sequential, switchIndex: number, keep: number[]): void {
  const layers = model.layers;
  const sw = layers[switchIndex];
  if (!(sw instanceof Switch) && !(sw instanceof SizeGate)) throw new Error(`keepUnits: layer ${switchIndex} is a ${sw?.constructor.name ?? 'missing layer'}, not a Switch or SizeGate`);
  if (keep.length === sw.features) return;
  let p = switchIndex - 1;
  const between: Module[] = [];
  while (p >= 0 && !(layers[p] instanceof Affine)) {
    if (!passesUnits(layers[p])) throw new Error(`keepUnits: cannot remove units through a ${layers[p].constructor.name}`);
    between.push(layers[p--]);
  }
  const producer = layers[p];
  if (!(producer instanceof Affine)) throw new Error(`keepUnits: no Dense or Conv2d before the switch at layer ${switchIndex}`);
  producer.selectOutputs(keep);
  for (const m of between) if (perFeature(m)) m.selectFeatures(keep);
  sw.select(keep);
  let spatial = 1;
  for (let c = switchIndex + 1; c < layers.length; c++) {
    const m = layers[c];
    if (perFeature(m)) { m.selectFeatures(keep); continue; }
    if (hasTraits(m) && m.unitFlow.kind === 'flattens') { spatial = m.unitFlow.spatial(); continue; }
    if (m instanceof Dense) {
      const cols: number[] = [];
      for (const k of keep) for (let s = 0; s < spatial; s++) cols.push(k * spatial + s);
      m.selectInputs(cols);
      return;
    }
    if (m instanceof Affine) { m.selectInputs(keep); return; }
    if (m instanceof Switch || m instanceof SizeGate) throw new Error('keepUnits: two switches in a row');
    if (!passesUnits(m)) throw new Error(`keepUnits: cannot remove units through a ${m.constructor.name}`);
  }
}

/** Removes every dead unit of every switch; returns how many went per switch (by layer index). */
export function removeDead(model: Sequential, dead: Map<number, number[]>): Map<number, number> {
  const removed = new Map<number, number>();
  for (const [index, units] of dead) {
    if (units.length === 0) continue;
    const sw = model.layers[index] as Switch | SizeGate;
    const gone = new Set(units);
    keepUnits(model, index, Array.from({ length: sw.features }, (_, i) => i).filter((i) => !gone.has(i)));
    removed.set(index, units.length);
  }
  return removed;
}
