/**
 * Per-weight pruning by magnitude. The prunable weights are those of the
 * layers that multiply (dense and convolution weights, not biases); pruning
 * removes a fraction of each layer's remaining weights (layer-wise), or of all
 * remaining weights at once by one threshold (global), the smallest |w| first.
 */
import { Affine } from '../nn/affine.js';
import type { Module } from '../nn/module.js';
import type { Parameter } from '../nn/parameter.js';

export interface PrunableWeight { name: string; param: Parameter; isOutput: boolean }

/** The weights of a model's dense and convolution layers, in forward order; the last one is the output layer's. */
export function prunableWeights(model: Module): PrunableWeight[] {
  const walk = (m: Module): Module[] => [m, ...m.children().flatMap(walk)];
  const layers = walk(model).filter((m): m is Affine => m instanceof Affine);
  return layers.map((l, i) => ({ name: `layer ${i + 1}`, param: l.weight, isOutput: i === layers.length - 1 }));
}

export interface PruneRates {
  /** Fraction of the remaining weights pruned, in (0, 1). */
  rate: number;
  /** The output layer's fraction (layer-wise only); default: `rate`. */
  outputRate?: number;
  scope?: 'layer' | 'global';
}

export function checkRate(rate: number, what = 'prune rate'): number {
  if (!(rate > 0 && rate < 1)) throw new Error(`${what}: got ${rate}; expected a fraction strictly between 0 and 1 (e.g. 0.2 prunes a fifth of the remaining weights)`);
  return rate;
}

/** Indices of the `count` unmasked entries with the smallest |value| (ties broken by index, so pruning is deterministic). */
function smallest(values: Float32Array, mask: Float32Array, count: number): Int32Array {
  const alive: number[] = [];
  for (let i = 0; i < values.length; i++) if (mask[i] !== 0) alive.push(i);
  alive.sort((a, b) => Math.abs(values[a]) - Math.abs(values[b]) || a - b);
  return Int32Array.from(alive.slice(0, count));
}

const maskOf = (p: Parameter): Float32Array => p.mask ?? new Float32Array(p.size).fill(1);

/** Prunes in place (each weight's mask, its value, gradient and optimizer state); returns the fraction of prunable weights left. */
export function magnitudePrune(weights: PrunableWeight[], r: PruneRates): number {
  checkRate(r.rate);
  if (r.outputRate !== undefined) checkRate(r.outputRate, 'output prune rate');
  if ((r.scope ?? 'layer') === 'layer') {
    for (const w of weights) {
      const mask = maskOf(w.param);
      const rate = w.isOutput ? r.outputRate ?? r.rate : r.rate;
      const alive = mask.reduce((a, b) => a + b, 0);
      for (const i of smallest(w.param.data, mask, Math.round(rate * alive))) mask[i] = 0;
      w.param.setMask(mask);
    }
  } else {
    // One threshold over every layer: the smallest |w| anywhere go first.
    const all = weights.flatMap((w, k) => { const m = maskOf(w.param); const out: [number, number, number][] = []; w.param.data.forEach((v, i) => { if (m[i]) out.push([Math.abs(v), k, i]); }); return out; });
    all.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const masks = weights.map((w) => maskOf(w.param));
    for (const [, k, i] of all.slice(0, Math.round(r.rate * all.length))) masks[k][i] = 0;
    weights.forEach((w, k) => w.param.setMask(masks[k]));
  }
  return remainingFraction(weights);
}

/** Unmasked prunable weights over all prunable weights. */
export function remainingFraction(weights: PrunableWeight[]): number {
  const total = weights.reduce((s, w) => s + w.param.size, 0);
  return weights.reduce((s, w) => s + w.param.unmasked, 0) / Math.max(1, total);
}

/** The masks of the weights (null where dense), to apply to another copy of the same architecture. */
export const masksOf = (weights: PrunableWeight[]): (Float32Array | null)[] => weights.map((w) => (w.param.mask ? Float32Array.from(w.param.mask) : null));

export function applyMasks(weights: PrunableWeight[], masks: (Float32Array | null)[]): void {
  if (masks.length !== weights.length) throw new Error(`masks for ${masks.length} layers, the model has ${weights.length} prunable layers`);
  weights.forEach((w, k) => w.param.setMask(masks[k]));
}
