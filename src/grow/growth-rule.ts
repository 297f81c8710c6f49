/**
 * When a hidden layer of a switched network should grow: every unit is in use (no switch factor has fallen
 * below `inUse`, and none died in the epoch), and the training loss has stalled (it improved by less than
 * `stall`, relative, over the epoch). Shrinking needs no rule of its own: the switch penalty kills the units
 * the network does not need, so a layer that is too wide stops growing and loses units, and one that is too
 * narrow keeps every unit alive and grows. Neither a start width nor an upper bound is needed.
 */
import type { Switch } from '../shrink/switch.js';

export interface GrowthRule {
  /** A layer grows to ceil(width × factor) (default 2, as Net2WiderNet's doubling). */
  factor: number;
  /** A unit is in use while |β| of its switch is at least this (switches start at 1; default 0.5). */
  inUse: number;
  /** Relative improvement of the epoch's training loss below which learning has stalled (default 0.05). */
  stall: number;
  /** Relative rise of the validation loss over its lowest so far past which the network counts as overfitting (default 0.02). */
  overfit: number;
  /** How new units start: net2net copies of existing units, or zero (fresh units with zero outgoing weights; net2net is the default: fresh units with zero outgoing weights start useless and the switch penalty kills them). */
  mode: 'net2net' | 'zero';
  /**
   * Mini-batches a layer trains at one width before it may grow again, and over which the loss must have
   * stalled (default 400: about an epoch of MNIST, fifty of Airfoil; counted in batches so that small datasets,
   * whose epochs are a few batches, do not grow every other epoch).
   */
  window: number;
  /** A safety ceiling on any layer's width, not a size the user must guess (default 8192). */
  maxWidth: number;
}

export const DEFAULT_GROWTH: GrowthRule = { factor: 2, inUse: 0.5, stall: 0.05, overfit: 0.02, mode: 'net2net', window: 400, maxWidth: 8192 };

/** `windowStart`: the batch count and training loss when the layer's current window began. */
export interface LayerState { switch: Switch; widthBefore: number; windowStart: { batches: number; loss: number } }

export interface Losses { batches: number; train: number; valid: number; bestValid: number }

/** The width layer `s` should grow to now, or null to keep it. */

export function growthTarget(rule: GrowthRule, s: LayerState, loss: Losses): number | null {
  const width = s.switch.features;
  if (width < s.widthBefore) return null;
  if (loss.batches - s.windowStart.batches < rule.window) return null;
  const before = s.windowStart.loss;
  if (!(before - loss.train < rule.stall * before)) return null;
  if (loss.valid > loss.bestValid * (1 + rule.overfit)) return null;
  const factors = s.switch.factor();
  if (factors.some((b) => Math.abs(b) < rule.inUse)) return null;
  const target = Math.min(rule.maxWidth, Math.ceil(width * rule.factor));
  return target > width ? target : null;
}

export function checkGrowthRule(rule: GrowthRule): void {
  const bad = (name: string, v: number, want: string) => new Error(`growth rule: ${name} must be ${want}, got ${v}`);
  if (!(rule.factor > 1)) throw bad('factor', rule.factor, 'a number above 1');
  if (!(rule.inUse >= 0)) throw bad('inUse', rule.inUse, 'a number >= 0');
  if (!(rule.stall >= 0)) throw bad('stall', rule.stall, 'a number >= 0');
  if (!(rule.overfit >= 0)) throw bad('overfit', rule.overfit, 'a number >= 0');
  if (rule.mode !== 'net2net' && rule.mode !== 'zero') throw new Error(`growth rule: mode must be net2net or zero, got ${String(rule.mode)}`);
  if (!(Number.isInteger(rule.window) && rule.window >= 0)) throw bad('window', rule.window, 'an integer >= 0');
  if (!(Number.isInteger(rule.maxWidth) && rule.maxWidth >= 1)) throw bad('maxWidth', rule.maxWidth, 'a positive integer');
}
