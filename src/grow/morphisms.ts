/** The morphism registry: one entry per op of `MorphStep`, and the function that runs a step by its op. */
import type { Sequential } from '../nn/sequential.js';
import { deepen } from './deepen.js';
import { type MorphContext, type MorphResult, type MorphStep, type Morphism, describeStep } from './morphism.js';
import { traceShapes } from './unit-group.js';
import { widen } from './widen.js';
import { widenKernel } from './widen-kernel.js';

type Registry = { [K in MorphStep['op']]: Morphism<Extract<MorphStep, { op: K }>> };

export const MORPHISMS: Registry = { widen, deepen, 'widen-kernel': widenKernel };

function morphismOf(step: MorphStep): Morphism {
  const m = (MORPHISMS as Record<string, Morphism | undefined>)[(step as { op: string }).op];
  if (!m) throw new Error(`morphism "${String((step as { op: unknown }).op)}" does not exist; expected one of ${Object.keys(MORPHISMS).join(', ')}`);
  return m;
}

/** Why `step` cannot be applied to `model` with its function preserved, or null. */
export function morphRefusal(model: Sequential, step: MorphStep, ctx: MorphContext): string | null {
  traceShapes(model, ctx.inputShape);
  return morphismOf(step).refusal(model, step, ctx);
}

/** Applies `step` in place; throws, naming the step and the reason, when it cannot preserve the function. */
export function applyMorphism(model: Sequential, step: MorphStep, ctx: MorphContext): MorphResult {
  const why = morphRefusal(model, step, ctx);
  if (why !== null) throw new Error(`cannot ${describeStep(step)}: ${why}`);
  const result = morphismOf(step).apply(model, step, ctx);
  traceShapes(model, ctx.inputShape);
  return result;
}
