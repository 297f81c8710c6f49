/**
 * Layer stacks as data: a typed, versioned JSON description that builds a
 * trainable Sequential and is read back from one.
 */
import { OptionError } from '../core/option-error.js';
import { checkDocument } from '../core/fields.js';
import { Rng } from '../core/random.js';
import { type LayerSpec, buildLayer, checkLayer } from './layer-registry.js';
import { traitsOf } from './layer-traits.js';
import { Sequential } from './sequential.js';

export type { LayerSpec };

export interface ModelSpec { format: 'topiary-sequential'; version: 1; inputShape: number[]; layers: LayerSpec[] }

export function buildModel(spec: ModelSpec, seed: number): Sequential {
  validateSpec(spec, 'model');
  const rng = new Rng(seed);
  return new Sequential(spec.layers.map((l) => buildLayer(l, rng)));
}

/** The spec of a layer stack: each layer says its own (a layer without a spec form is named). */
export function specOf(model: Sequential, inputShape: number[]): ModelSpec {
  const layers = model.layers.map((m) => traitsOf(m, 'specOf').toSpec() as LayerSpec);
  return { format: 'topiary-sequential', version: 1, inputShape: [...inputShape], layers };
}

/** Throws with the field path, the value and what is allowed. */
export function validateSpec(spec: unknown, where: string): asserts spec is ModelSpec {
  const fail = checkDocument(spec, where, 'topiary-sequential');
  const s = spec as Partial<ModelSpec>;
  if (!Array.isArray(s.layers)) fail('layers', s.layers, 'an array of layer objects');
  s.layers!.forEach((l, i) => checkLayer(l, fail, `layers[${i}]`));
}

/** "mlp:784-512-256-10" → Dense layers with relu between them (softmax lives in the loss). */
export function parseArch(arch: string, inputShape: number[]): ModelSpec {
  const m = /^mlp:(\d+(?:-\d+)+)$/.exec(arch);
  if (!m) throw new OptionError('arch', `"${arch}" is not understood; expected mlp:IN-H1-...-OUT, e.g. mlp:784-512-256-10`);
  const sizes = m[1].split('-').map(Number);
  if (sizes.some((v) => v === 0)) throw new OptionError('arch', `"${arch}" has a layer of width 0; every width must be at least 1`);
  // A Float32Array holds at most 2^31 - 1 values on every platform; past that the error would name no layer.
  const MAX_WEIGHTS = 2 ** 31 - 1;
  sizes.slice(1).forEach((out, i) => {
    if (sizes[i] * out > MAX_WEIGHTS) throw new OptionError('arch', `layer ${i + 1} of "${arch}" would have ${sizes[i]} × ${out} = ${(sizes[i] * out).toExponential(2)} weights, more than one tensor can hold (${MAX_WEIGHTS}); use smaller widths`);
  });
  const inSize = inputShape.reduce((a, b) => a * b, 1);
  if (sizes[0] !== inSize) throw new OptionError('arch', `input size ${sizes[0]} does not match the dataset's ${inSize} features; use mlp:${inSize}-${sizes.slice(1).join('-')}`);
  const layers: LayerSpec[] = inputShape.length > 1 ? [{ type: 'flatten' }] : [];
  for (let i = 1; i < sizes.length; i++) {
    layers.push({ type: 'dense', in: sizes[i - 1], out: sizes[i], activation: i < sizes.length - 1 ? 'relu' : 'identity', bias: true });
  }
  return { format: 'topiary-sequential', version: 1, inputShape, layers };
}
