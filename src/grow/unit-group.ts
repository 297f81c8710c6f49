/**
 * A hidden unit group of a layer stack: the layer that produces the units (a Dense or Conv2d that is not the
 * output layer), the layers that carry them unchanged in count (activation, BatchNorm, switch, pooling,
 * dropout, flatten), and the layer that consumes them. Every morphism that changes a group's width or
 * depth needs these three places, and the number of spatial positions each unit has when a Flatten turns
 * channels into features.
 */
import { noGrad } from '../core/autograd.js';
import type { UnaryOp } from '../core/kernel.js';
import { Tensor, tidy } from '../core/tensor.js';
import { Affine } from '../nn/affine.js';
import { BatchNorm } from '../nn/batchnorm.js';
import { Activation, AvgPool2d, Dropout, Flatten, MaxPool2d } from '../nn/layers.js';
import { Dense } from '../nn/dense.js';
import type { Sequential } from '../nn/sequential.js';
import { Switch } from '../shrink/switch.js';

/** Layers that pass every unit through, one output per input unit. */
const CARRIERS = [Activation, BatchNorm, Switch, MaxPool2d, AvgPool2d, Dropout, Flatten];

export interface UnitGroup {
  /** Which hidden group (0 = the first hidden layer's units). */
  group: number;
  producerIndex: number;
  producer: Affine;
  /** Indices of the layers between producer and consumer. */
  carriers: number[];
  consumerIndex: number;
  consumer: Affine;
  /** Features per unit at the consumer's input: 1, or the spatial size a Flatten folded into each channel. */
  spatial: number;
  width: number;
}

/** Indices of the Dense and Conv2d layers of `model`, in order. */
export function affineIndices(model: Sequential): number[] {
  return model.layers.flatMap((m, i) => (m instanceof Affine ? [i] : []));
}

/** The number of hidden groups (every Affine but the last). */
export function hiddenGroupCount(model: Sequential): number { return Math.max(0, affineIndices(model).length - 1); }

/**
 * Hidden group `group` of `model`. Throws, naming the reason, when the group does not exist (the output layer
 * has no group: its units are the network's outputs) or a layer in between is not one that carries units.
 * A Flatten between producer and consumer needs a forward pass first (see traceShapes).
 */
export function unitGroup(model: Sequential, group: number): UnitGroup {
  const affines = affineIndices(model);
  const hidden = affines.length - 1;
  if (!Number.isInteger(group) || group < 0 || group >= hidden) {
    throw new Error(`group ${group} does not exist: the network has ${hidden} hidden group${hidden === 1 ? '' : 's'} (0 to ${hidden - 1}); the output layer's units are the network's outputs and cannot change`);
  }
  const producerIndex = affines[group], consumerIndex = affines[group + 1];
  const carriers: number[] = [];
  let spatial = 1;
  for (let i = producerIndex + 1; i < consumerIndex; i++) {
    const m = model.layers[i];
    if (!CARRIERS.some((k) => m instanceof k)) throw new Error(`group ${group}: layer ${i} is a ${m.constructor.name}, which morphisms cannot carry units through`);
    if (m instanceof Flatten) {
      if (m.lastInputShape === null) throw new Error(`group ${group}: the Flatten at layer ${i} has not seen an input yet; call traceShapes(model, inputShape) first`);
      spatial = m.lastInputShape.slice(2).reduce((a, b) => a * b, 1);
    }
    carriers.push(i);
  }
  const producer = model.layers[producerIndex] as Affine, consumer = model.layers[consumerIndex] as Affine;
  return { group, producerIndex, producer, carriers, consumerIndex, consumer, spatial, width: producer.weight.shape[0] };
}

/** One forward pass of a single zero input in eval mode, so every Flatten knows its input shape; training mode is restored. */
export function traceShapes(model: Sequential, inputShape: readonly number[]): void {
  const training = model.training;
  model.eval();
  try {
    noGrad(() => tidy(() => { model.forward(Tensor.zeros([1, ...inputShape])); }));
  } finally { model.train(training); }
}

/** The layer right after the group's nonlinearity: where an identity layer can go without changing the function. */
export function afterNonlinearity(model: Sequential, g: UnitGroup): { index: number; op: UnaryOp } {
  const p = g.producer;
  if (p instanceof Dense && p.activation !== 'identity') return { index: g.producerIndex + 1, op: p.activation };
  const next = model.layers[g.producerIndex + 1];
  if (next instanceof Activation) return { index: g.producerIndex + 2, op: next.op };
  return { index: g.producerIndex + 1, op: 'identity' };
}
