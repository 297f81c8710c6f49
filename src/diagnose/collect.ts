/** Runs a model over data and keeps each hidden Dense layer's pre- and post-activation outputs. */
import { OptionError } from '../core/option-error.js';
import { noGrad } from '../core/autograd.js';
import { linear } from '../core/ops/linalg.js';
import { unary } from '../core/ops/elementwise.js';
import { tidy } from '../core/tensor.js';
import type { Split } from '../data/dataset.js';
import { batches } from '../data/prepare.js';
import { Dense } from '../nn/dense.js';
import type { Sequential } from '../nn/sequential.js';

export interface LayerActivations { layer: number; neurons: number; samples: number; pre: Float32Array; post: Float32Array; activation: string }

/** Hidden layers are every Dense layer except the last (the output layer). */
export function hiddenLayers(model: Sequential): number[] {
  const dense = model.layers.map((l, i) => (l instanceof Dense ? i : -1)).filter((i) => i >= 0);
  return dense.slice(0, -1);
}

export function collectActivations(model: Sequential, split: Split, inputShape: number[], maxSamples: number, only?: number[]): LayerActivations[] {
  const wanted = only ?? hiddenLayers(model);
  const n = Math.min(split.n, maxSamples);
  const out = wanted.map((i) => {
    const d = model.layers[i];
    if (!(d instanceof Dense) || !hiddenLayers(model).includes(i)) {
      throw new OptionError('layer', `${i} is not a hidden Dense layer (it is ${d ? d.constructor.name : 'out of range'}); hidden Dense layers are ${hiddenLayers(model).join(', ')}`);
    }
    return { layer: i, neurons: d.outFeatures, samples: n, pre: new Float32Array(n * d.outFeatures), post: new Float32Array(n * d.outFeatures), activation: d.activation };
  });
  const wasTraining = model.training;
  model.eval();
  let row = 0;
  const head: Split = { x: split.x.subarray(0, n * inputShape.reduce((a, b) => a * b, 1)), n, labels: split.labels?.subarray(0, n) };
  noGrad(() => {
    for (const b of batches(head, inputShape, 500, null)) {
      tidy(() => {
        let h = b.x;
        model.layers.forEach((layer, i) => {
          const slot = out.find((o) => o.layer === i);
          if (slot && layer instanceof Dense) {
            const pre = linear(h, layer.weight, layer.bias, 'identity');
            const post = unary(layer.activation, pre, layer.alpha);
            slot.pre.set(pre.data, row * slot.neurons);
            slot.post.set(post.data, row * slot.neurons);
            h = post;
          } else h = layer.forward(h);
        });
        row += b.x.shape[0];
      });
      b.x.dispose();
    }
  });
  model.train(wasTraining);
  return out;
}
