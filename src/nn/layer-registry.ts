/**
 * Every layer kind a spec may name, one line each: a new layer is its own file (the class with its traits, its spec
 * type and its kind) plus a line here. The spec union is read off this list.
 */
import type { Rng } from '../core/random.js';
import type { FieldFail } from '../core/fields.js';
import { BATCHNORM } from './batchnorm.js';
import { CONV2D } from './conv2d.js';
import { DENSE } from './dense.js';
import { GLOBALAVGPOOL2D } from './global-avg-pool.js';
import type { LayerKind } from './layer-traits.js';
import { ACTIVATION, AVGPOOL2D, DROPOUT, FLATTEN, MAXPOOL2D } from './layers.js';
import type { Module } from './module.js';

export { GlobalAvgPool2d } from './global-avg-pool.js';

export const LAYER_KINDS = [DENSE, CONV2D, MAXPOOL2D, AVGPOOL2D, FLATTEN, ACTIVATION, BATCHNORM, DROPOUT, GLOBALAVGPOOL2D] as const;

type SpecOf<K> = K extends LayerKind<infer S> ? S : never;
/** One layer as data: the spec of any registered kind. */
export type LayerSpec = SpecOf<(typeof LAYER_KINDS)[number]>;

const BY_TYPE = new Map<string, LayerKind<{ type: string }>>(LAYER_KINDS.map((k) => [k.type, k as unknown as LayerKind<{ type: string }>]));

export const layerTypes = (): string[] => [...BY_TYPE.keys()];

export function buildLayer(spec: LayerSpec, rng: Rng): Module { return BY_TYPE.get(spec.type)!.build(spec, rng); }

/** Checks one layer of a spec document: a registered type, and the kind's own field checks. */
export function checkLayer(spec: { type?: unknown }, fail: FieldFail, at: string): void {
  const kind = typeof spec?.type === 'string' ? BY_TYPE.get(spec.type) : undefined;
  if (!kind) return fail(`${at}.type`, spec?.type, `one of ${layerTypes().join(', ')}`);
  kind.check?.(spec as { type: string }, fail, at);
}
