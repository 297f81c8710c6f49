/**
 * Function-preserving transforms of a trained layer stack ("network morphisms"): each changes the architecture
 * — wider, deeper, larger kernels — while the network computes what it computed before, so training goes on
 * from the trained weights instead of from scratch. Each is one file implementing `Morphism`; a step is plain
 * data (recorded as a trial's lineage) and `applyMorphism` runs it by name.
 */
import type { Rng } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import type { Parameter } from '../nn/parameter.js';
import type { Sequential } from '../nn/sequential.js';

/** Add units to hidden group `group` until it has `width`. */
export interface WidenStep {
  op: 'widen';
  group: number;
  width: number;
  /**
   * net2net (default): new units copy existing ones and each copied unit's outgoing weights are shared out among
   * its copies. zero: new units get fresh incoming weights and zero outgoing weights, so no old weight changes.
   */
  mode?: 'net2net' | 'zero';
  /**
   * net2net only: the copies of a unit share its outgoing weights in random, not equal, parts (each part
   * 1/c · (1 + noise·N(0, 1)), renormalised to sum to 1), so copies that start equal do not stay equal. The
   * function is still preserved.
   */
  noise?: number;
  /**
   * net2net only: Gaussian noise added to each copy's incoming weights, as a fraction of the copied unit's
   * weight spread (default 0). Copies with equal incoming weights get parallel gradients and stay alike for a
   * long time; this separates them at once, at the price of exactness: the function changes slightly.
   */
  inputNoise?: number;
}

/** Insert an identity-initialised layer after hidden group `group`'s nonlinearity. */
export interface DeepenStep {
  op: 'deepen';
  group: number;
  /** The new layer's activation: default the group's own, which must be idempotent (relu or identity). */
  activation?: 'relu' | 'identity';
  /** Convolution groups: the new layer's kernel size (odd; default the producer's). */
  kernel?: number;
  /** Put a BatchNorm after the new layer, set to pass its input through (needs a calibration batch). */
  batchNorm?: boolean;
}

/** Grow the kernel of convolution group `group` to `kernel` (zero border, padding grown to match). */
export interface WidenKernelStep { op: 'widen-kernel'; group: number; kernel: number }

export type MorphStep = WidenStep | DeepenStep | WidenKernelStep;

export interface MorphContext {
  /** Seeds new units' weights, which units are copied and the noise. */
  rng: Rng;
  /** The model's input shape without the batch axis. */
  inputShape: readonly number[];
  /** Inputs whose statistics set a new BatchNorm so it passes them through (deepen with batchNorm). */
  calibration?: Tensor;
}

/** Parameters a morphism created (to add to an optimizer); resized ones keep their identity. */
export interface MorphResult { added: Parameter[] }

export interface Morphism<S extends MorphStep = MorphStep> {
  readonly op: S['op'];
  readonly description: string;
  /** Why `step` cannot preserve `model`'s function, or null when it can. Never changes the model. */
  refusal(model: Sequential, step: S, ctx: MorphContext): string | null;
  /** Changes `model` in place; call only when `refusal` gave null. */
  apply(model: Sequential, step: S, ctx: MorphContext): MorphResult;
}

/** A short human form of a step, e.g. "widen group 0 to 64". */
export function describeStep(step: MorphStep): string {
  switch (step.op) {
    case 'widen': return `widen group ${step.group} to ${step.width}${step.mode === 'zero' ? ' (zero)' : ''}`;
    case 'deepen': return `deepen after group ${step.group}${step.batchNorm ? ' (+BN)' : ''}`;
    case 'widen-kernel': return `kernel of group ${step.group} to ${step.kernel}×${step.kernel}`;
  }
}
