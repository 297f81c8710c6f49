/**
 * Layer stacks as data: a typed, versioned JSON description that builds a
 * trainable Sequential and is read back from one.
 */
import type { UnaryOp } from '../core/kernel.js';
import { UNARY_OPS } from '../core/kernel.js';
import { checkDocument } from '../core/fields.js';
import { Rng } from '../core/random.js';
import { BatchNorm } from './batchnorm.js';
import { Conv2d } from './conv2d.js';
import { Dense } from './dense.js';
import { Activation, AvgPool2d, Dropout, Flatten, MaxPool2d } from './layers.js';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';

export type LayerSpec =
  | { type: 'dense'; in: number; out: number; activation: UnaryOp; bias: boolean }
  | { type: 'conv2d'; in: number; out: number; kernel: number; stride: number; padding: number; bias: boolean }
  | { type: 'maxpool2d'; kernel: number; stride: number; padding: number }
  | { type: 'avgpool2d'; kernel: number; stride: number; padding: number }
  | { type: 'flatten' }
  | { type: 'activation'; op: UnaryOp; alpha: number }
  | { type: 'batchnorm'; features: number; momentum: number; eps: number }
  | { type: 'dropout'; p: number };

export interface ModelSpec { format: 'topiary-sequential'; version: 1; inputShape: number[]; layers: LayerSpec[] }

type Builders = { [K in LayerSpec['type']]: (s: Extract<LayerSpec, { type: K }>, rng: Rng) => Module };

const BUILD: Builders = {
  dense: (s, rng) => new Dense(s.in, s.out, { activation: s.activation, bias: s.bias, rng: rng.fork() }),
  conv2d: (s, rng) => new Conv2d(s.in, s.out, s.kernel, { stride: s.stride, padding: s.padding, bias: s.bias, rng: rng.fork() }),
  maxpool2d: (s) => new MaxPool2d(s.kernel, s.stride, s.padding),
  avgpool2d: (s) => new AvgPool2d(s.kernel, s.stride, s.padding),
  flatten: () => new Flatten(),
  activation: (s) => new Activation(s.op, s.alpha),
  batchnorm: (s) => new BatchNorm(s.features, { momentum: s.momentum, eps: s.eps }),
  dropout: (s, rng) => new Dropout(s.p, rng.int(2 ** 31)),
};

export function buildModel(spec: ModelSpec, seed: number): Sequential {
  validateSpec(spec, 'model');
  const rng = new Rng(seed);
  return new Sequential(spec.layers.map((l) => (BUILD[l.type] as (s: LayerSpec, r: Rng) => Module)(l, rng)));
}

export function specOf(model: Sequential, inputShape: number[]): ModelSpec {
  const layers = model.layers.map((m): LayerSpec => {
    if (m instanceof Dense) return { type: 'dense', in: m.inFeatures, out: m.outFeatures, activation: m.activation, bias: m.bias !== null };
    if (m instanceof Conv2d) return { type: 'conv2d', in: m.inChannels, out: m.outChannels, kernel: m.kernelSize, stride: m.stride, padding: m.padding, bias: m.bias !== null };
    if (m instanceof MaxPool2d) return { type: 'maxpool2d', kernel: m.kernelSize, stride: m.stride, padding: m.padding };
    if (m instanceof AvgPool2d) return { type: 'avgpool2d', kernel: m.kernelSize, stride: m.stride, padding: m.padding };
    if (m instanceof Flatten) return { type: 'flatten' };
    if (m instanceof Activation) return { type: 'activation', op: m.op, alpha: m.alpha };
    if (m instanceof BatchNorm) return { type: 'batchnorm', features: m.features, momentum: m.momentum, eps: m.eps };
    if (m instanceof Dropout) return { type: 'dropout', p: m.p };
    throw new Error(`specOf: layer ${m.constructor.name} has no spec form`);
  });
  return { format: 'topiary-sequential', version: 1, inputShape: [...inputShape], layers };
}

/** Throws with the field path, the value and what is allowed. */
export function validateSpec(spec: unknown, where: string): asserts spec is ModelSpec {
  const fail = checkDocument(spec, where, 'topiary-sequential');
  const s = spec as Partial<ModelSpec>;
  if (!Array.isArray(s.layers)) fail('layers', s.layers, 'an array of layer objects');
  s.layers!.forEach((l, i) => {
    if (!(l.type in BUILD)) fail(`layers[${i}].type`, l.type, `one of ${Object.keys(BUILD).join(', ')}`);
    if (l.type === 'dense' && !UNARY_OPS.includes(l.activation)) fail(`layers[${i}].activation`, l.activation, `one of ${UNARY_OPS.join(', ')}`);
  });
}

/** "mlp:784-512-256-10" → Dense layers with relu between them (softmax lives in the loss). */
export function parseArch(arch: string, inputShape: number[]): ModelSpec {
  const m = /^mlp:(\d+(?:-\d+)+)$/.exec(arch);
  if (!m) throw new Error(`--arch: "${arch}" is not understood; expected mlp:IN-H1-...-OUT, e.g. mlp:784-512-256-10`);
  const sizes = m[1].split('-').map(Number);
  if (sizes.some((v) => v === 0)) throw new Error(`--arch: "${arch}" has a layer of width 0; every width must be at least 1`);
  // A Float32Array holds at most 2^31 - 1 values on every platform; past that the error would name no layer.
  const MAX_WEIGHTS = 2 ** 31 - 1;
  sizes.slice(1).forEach((out, i) => {
    if (sizes[i] * out > MAX_WEIGHTS) throw new Error(`--arch: layer ${i + 1} of "${arch}" would have ${sizes[i]} × ${out} = ${(sizes[i] * out).toExponential(2)} weights, more than one tensor can hold (${MAX_WEIGHTS}); use smaller widths`);
  });
  const inSize = inputShape.reduce((a, b) => a * b, 1);
  if (sizes[0] !== inSize) throw new Error(`--arch: input size ${sizes[0]} does not match the dataset's ${inSize} features; use mlp:${inSize}-${sizes.slice(1).join('-')}`);
  const layers: LayerSpec[] = inputShape.length > 1 ? [{ type: 'flatten' }] : [];
  for (let i = 1; i < sizes.length; i++) {
    layers.push({ type: 'dense', in: sizes[i - 1], out: sizes[i], activation: i < sizes.length - 1 ? 'relu' : 'identity', bias: true });
  }
  return { format: 'topiary-sequential', version: 1, inputShape, layers };
}
