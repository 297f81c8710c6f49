/**
 * An ensemble of MLPs of one architecture as one MLP: the members side by side
 * in block-diagonal layers, their outputs averaged by the last layer. It
 * computes the mean of the members' outputs (logits, or regression outputs)
 * exactly, and exports, shrinks and loads like any other layer stack.
 */
import { Dense } from './dense.js';
import { hasTraits } from './layer-traits.js';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';

/** Layers that act on each feature alike and hold no state: the merged stack shares them. */
const sharedAsIs = (l: Module): boolean => hasTraits(l) && l.unitFlow.kind === 'passes' && l.unitFlow.stateless && !l.unitFlow.positiveScalingOnly;

export function mergeEnsemble(members: Sequential[]): Sequential {
  if (members.length === 0) throw new Error('mergeEnsemble: no members');
  const k = members.length;
  const first = members[0].layers;
  for (const [i, m] of members.entries()) {
    if (m.layers.length !== first.length || m.layers.some((l, j) => l.constructor !== first[j].constructor
      || (l instanceof Dense && (l.inFeatures !== (first[j] as Dense).inFeatures || l.outFeatures !== (first[j] as Dense).outFeatures)))) {
      throw new Error(`mergeEnsemble: member ${i} has another architecture than member 0`);
    }
  }
  const dense = first.map((l, j) => [l, j] as const).filter(([l]) => l instanceof Dense).map(([, j]) => j);
  const layers: Module[] = first.map((l, j): Module => {
    if (hasTraits(l) && l.unitFlow.kind === 'flattens') return l.copy();
    if (sharedAsIs(l)) return l;
    if (!(l instanceof Dense)) throw new Error(`mergeEnsemble: layer ${j} is a ${l.constructor.name}; only dense stacks merge`);
    const parts = members.map((m) => m.layers[j] as Dense);
    const place = dense.indexOf(j);
    const isFirst = place === 0, isLast = place === dense.length - 1;
    const inW = l.inFeatures, outW = l.outFeatures;
    const rows = isLast ? outW : outW * k, cols = isFirst ? inW : inW * k;
    const merged = new Dense(cols, rows, { activation: l.activation, alpha: l.alpha, bias: l.bias !== null });
    const w = merged.weight.data;
    w.fill(0);
    parts.forEach((p, m) => {
      const r0 = isLast ? 0 : m * outW, c0 = isFirst ? 0 : m * inW, scale = isLast ? 1 / k : 1;
      for (let r = 0; r < outW; r++) for (let c = 0; c < inW; c++) w[(r0 + r) * cols + c0 + c] += scale * p.weight.data[r * inW + c];
      if (merged.bias && p.bias) for (let r = 0; r < outW; r++) merged.bias.data[r0 + r] += scale * p.bias.data[r];
    });
    return merged;
  });
  return new Sequential(layers);
}
