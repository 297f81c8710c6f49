/**
 * Folding switches into weights for inference: the exported model is a plain
 * network of the shrunk size. β scales the consuming layer's input columns
 * (exact through activations, flatten and average pooling; through max
 * pooling it needs β >= 0, which holds for ReLU(β) switches and is checked).
 */
import { Affine } from '../nn/affine.js';
import { Conv2d } from '../nn/conv2d.js';
import { Dense } from '../nn/dense.js';
import { hasTraits } from '../nn/layer-traits.js';
import { Sequential } from '../nn/sequential.js';
import { Switch } from './switch.js';

/** A new Sequential without switches, computing the same function (the input model is not changed). */
export function foldSwitches(model: Sequential): Sequential {
  const clone = cloneSequential(model);
  const layers = clone.layers;
  for (let i = 0; i < layers.length; i++) {
    const sw = layers[i];
    if (!(sw instanceof Switch)) continue;
    const beta = sw.factor();
    let spatial = 1, throughMax = false, folded = false;
    for (let c = i + 1; c < layers.length && !folded; c++) {
      const m = layers[c], flow = hasTraits(m) ? m.unitFlow : null;
      if (flow?.kind === 'passes' && flow.positiveScalingOnly) throughMax = true;
      if (flow?.kind === 'flattens') spatial = flow.spatial();
      if (m instanceof Affine) {
        if (throughMax && beta.some((b) => b < 0)) throw new Error(`foldSwitches: switch at layer ${i} has negative factors before a max-pool; use ReLU(β) switches to fold`);
        scaleInputs(m, beta, spatial);
        folded = true;
      }
    }
    if (!folded) {
      // The last switch: fold into the producer's outputs, which is exact only for an identity producer.
      const prev = layers.slice(0, i).reverse().find((m): m is Affine => m instanceof Affine);
      if (!prev || layers[i - 1] !== prev || (prev instanceof Dense && prev.activation !== 'identity')) {
        throw new Error(`foldSwitches: switch at layer ${i} has no layer to fold into`);
      }
      scaleOutputs(prev, beta);
    }
  }
  return new Sequential(layers.filter((m) => !(m instanceof Switch)));
}

function scaleInputs(m: Affine, beta: Float32Array, spatial: number): void {
  const w = m.weight, outF = w.shape[0], perOut = w.size / outF;
  const inner = m instanceof Conv2d ? w.shape[2] * w.shape[3] : spatial;
  for (let o = 0; o < outF; o++) for (let j = 0; j < perOut; j++) w.data[o * perOut + j] *= beta[Math.floor(j / inner)];
}

function scaleOutputs(m: Affine, beta: Float32Array): void {
  const w = m.weight, perOut = w.size / w.shape[0];
  for (let o = 0; o < w.shape[0]; o++) {
    for (let j = 0; j < perOut; j++) w.data[o * perOut + j] *= beta[o];
    if (m.bias) m.bias.data[o] *= beta[o];
  }
}

function cloneSequential(model: Sequential): Sequential {
  // Every layer copies itself, so folding never touches the trained model (stateless ones may be shared).
  return new Sequential(model.layers.map((m) => {
    if (m instanceof Switch) {
      const s = new Switch(m.features, { reluBeta: m.reluBeta });
      s.beta.data.set(m.beta.data);
      return s;
    }
    return hasTraits(m) ? m.copy() : m;
  }));
}
