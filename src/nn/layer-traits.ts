/**
 * What the rest of the system needs from a layer, declared by the layer itself instead of being guessed from its
 * class elsewhere: its spec form (architecture as data), the inference ops an exporter writes for it, how units
 * pass through it (for surgery, switch placement, folding and merging), and a copy with its own parameters.
 * A new layer is one file implementing these, plus one line in the layer registry.
 */
import type { UnaryOp } from '../core/kernel.js';
import type { Rng } from '../core/random.js';
import type { FieldFail } from '../core/fields.js';
import type { Module } from './module.js';

/** One step of inference, format-neutral (the export graph adds its input); shapes exclude the batch. */
export type InferenceOp =
  /** y = x·Wᵀ + b, weight [out, in]. */
  | { kind: 'dense'; weight: Float32Array; inFeatures: number; outFeatures: number; bias: Float32Array | null }
  /** weight [OC, C, K, K]. */
  | { kind: 'conv2d'; weight: Float32Array; weightShape: number[]; bias: Float32Array | null; stride: number; padding: number }
  /** Average pooling divides by the full window (padding counts as zeros). */
  | { kind: 'pool'; mode: 'max' | 'avg'; kernel: number; stride: number; padding: number }
  /** [C, H, W] → [C·H·W] in C, H, W order. */
  | { kind: 'flatten' }
  | { kind: 'unary'; op: Exclude<UnaryOp, 'identity'>; alpha: number }
  /** Inference-mode batch normalisation over axis 1. */
  | { kind: 'batchnorm'; gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array; eps: number };

/** How a layer's input units (features, or channels) reach its output. */
export type UnitFlow =
  /** Reads units and makes new ones (Dense, Conv2d): where surgery and folding stop. */
  | { kind: 'affine' }
  /**
   * Each unit passes on its own. `perFeature`: the layer holds state per unit and keeps a subset with
   * selectFeatures (BatchNorm). `positiveScalingOnly`: scaling a unit's input scales its output alike only for
   * positive factors (max-pooling). `stateless`: a copy may share it.
   */
  | { kind: 'passes'; perFeature: boolean; positiveScalingOnly: boolean; stateless: boolean }
  /** Channels become features, each channel's `spatial()` values side by side (Flatten; global pooling has 1). */
  | { kind: 'flattens'; spatial(): number };

export interface LayerTraits<S extends { type: string } = { type: string }> {
  readonly unitFlow: UnitFlow;
  /** The layer as spec data; building it again gives the same layer (weights aside). */
  toSpec(): S;
  /** The inference ops it computes on an input of `inputShape` (none: it is the identity at inference). */
  inference(inputShape: readonly number[]): InferenceOp[];
  /** A copy with its own parameters and state; a stateless layer may return itself. */
  copy(): Module;
  /** perFeature layers: keep only features `indices`. */
  selectFeatures?(indices: ArrayLike<number>): void;
}

/** A layer kind of the registry: the spec `type` it reads, how it is built, and the checks its fields need. */
export interface LayerKind<S extends { type: string }> {
  readonly type: S['type'];
  build(spec: S, rng: Rng): Module;
  /** Field checks beyond the type (e.g. an activation name); `fail` names the field. */
  check?(spec: S, fail: FieldFail, at: string): void;
}

export const hasTraits = (m: Module): m is Module & LayerTraits => typeof (m as Partial<LayerTraits>).toSpec === 'function';

/** `m` with its traits, or an error naming the layer and what `purpose` needed from it. */
export function traitsOf(m: Module, purpose: string): Module & LayerTraits {
  if (!hasTraits(m)) throw new Error(`${purpose}: layer ${m.constructor.name} does not declare its spec, export and unit-flow forms (see nn/layer-traits.ts)`);
  return m;
}

/** Stateless element-wise layers (activations, dropout, pooling that keeps max-pooling's sign caveat). */
export const PASSES = { kind: 'passes', perFeature: false, positiveScalingOnly: false, stateless: true } as const satisfies UnitFlow;
