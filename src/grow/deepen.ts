/**
 * Net2DeeperNet: a new layer after a hidden group's nonlinearity, set to the identity — a Dense with the unit
 * matrix, or a convolution whose kernel is 1 at its centre — so it passes its input through. That is exact when
 * the new layer's activation f satisfies f(f(x)) = f(x) (ReLU, or none), because its input already went through
 * f. An optional BatchNorm after it is set from a calibration batch to pass that batch through: its running
 * statistics are the batch's (as the network computes it in its current mode), and its scale and shift undo them.
 */
import { noGrad } from '../core/autograd.js';
import { tidy } from '../core/tensor.js';
import { BatchNorm } from '../nn/batchnorm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Dense } from '../nn/dense.js';
import { Activation } from '../nn/layers.js';
import type { Module } from '../nn/module.js';
import type { Sequential } from '../nn/sequential.js';
import type { DeepenStep, MorphContext, Morphism, MorphResult } from './morphism.js';
import { afterNonlinearity, unitGroup } from './unit-group.js';

const IDEMPOTENT = ['relu', 'identity'];

export const deepen: Morphism<DeepenStep> = {
  op: 'deepen',
  description: 'insert an identity-initialised layer (dense, or conv with an optional BatchNorm) after a hidden group (Net2DeeperNet)',
  refusal(model, step, ctx) {
    let op: string;
    try { op = afterNonlinearity(model, unitGroup(model, step.group)).op; } catch (e) { return (e as Error).message; }
    const g = unitGroup(model, step.group);
    if (step.activation !== undefined && !IDEMPOTENT.includes(step.activation)) return `activation must be relu or identity, got ${String(step.activation)}`;
    const activation = step.activation ?? op;
    if (!IDEMPOTENT.includes(activation)) {
      return `group ${step.group}'s activation is ${op}, and ${op}(${op}(x)) ≠ ${op}(x): an identity-initialised ${op} layer after it would change the function; deepen with activation "identity" (a linear layer) or after a ReLU group`;
    }
    if (activation === 'relu' && op !== 'relu') return `group ${step.group} has no ReLU, so its outputs can be negative and a new ReLU layer would change them; deepen with activation "identity"`;
    if (step.kernel !== undefined) {
      if (!(g.producer instanceof Conv2d)) return `kernel applies to convolution groups; group ${step.group} is dense`;
      if (!(Number.isInteger(step.kernel) && step.kernel >= 1 && step.kernel % 2 === 1)) return `kernel must be an odd positive integer (so the image keeps its size), got ${step.kernel}`;
    }
    if (step.batchNorm && ctx.calibration === undefined) return 'a BatchNorm that passes its input through needs a calibration batch (MorphContext.calibration) to take its statistics from';
    return null;
  },
  apply(model, step, ctx): MorphResult {
    const g = unitGroup(model, step.group);
    const { index, op } = afterNonlinearity(model, g);
    const activation = step.activation ?? (op === 'relu' ? 'relu' : 'identity');
    const width = g.width, fused = !step.batchNorm;
    const layers: Module[] = [];
    let linear: Dense | Conv2d;
    if (g.producer instanceof Conv2d) {
      const k = step.kernel ?? (g.producer.kernelSize % 2 === 1 ? g.producer.kernelSize : 3);
      linear = new Conv2d(width, width, k, { padding: (k - 1) / 2, bias: fused, rng: ctx.rng.fork() });
      const w = linear.weight.data.fill(0), centre = ((k - 1) / 2) * k + (k - 1) / 2;
      for (let c = 0; c < width; c++) w[(c * width + c) * k * k + centre] = 1;
      layers.push(linear);
    } else {
      linear = new Dense(width, width, { activation: fused ? activation : 'identity', rng: ctx.rng.fork() });
      const w = linear.weight.data.fill(0);
      for (let c = 0; c < width; c++) w[c * width + c] = 1;
      layers.push(linear);
    }
    if (step.batchNorm) layers.push(passThroughNorm(model, index, width, ctx));
    if (activation === 'relu' && (g.producer instanceof Conv2d || step.batchNorm)) layers.push(new Activation('relu'));
    model.layers.splice(index, 0, ...layers);
    return { added: layers.flatMap((m) => m.parameters()) };
  },
};

/** A BatchNorm whose running statistics are those of the calibration batch at `index` and whose affine part undoes them. */
function passThroughNorm(model: Sequential, index: number, features: number, ctx: MorphContext): BatchNorm {
  const bn = new BatchNorm(features);
  // The batch's values at `index` as the network computes them in its current mode; a forward pass in training
  // mode also moves the running statistics of earlier BatchNorms, so they are put back.
  const norms = model.layers.slice(0, index).filter((m): m is BatchNorm => m instanceof BatchNorm);
  const saved = norms.map((m) => [Float32Array.from(m.runningMean.data), Float32Array.from(m.runningVar.data)]);
  try {
    noGrad(() => tidy(() => {
      let h = ctx.calibration!;
      for (const m of model.layers.slice(0, index)) h = m.forward(h);
      const per = h.size / (h.shape[0] * features), count = h.shape[0] * per;
      for (let c = 0; c < features; c++) {
        let sum = 0, sq = 0;
        for (let n = 0; n < h.shape[0]; n++) {
          for (let s = 0; s < per; s++) { const v = h.data[(n * features + c) * per + s]; sum += v; sq += v * v; }
        }
        const mean = sum / count, variance = Math.max(0, sq / count - mean * mean);
        // Biased variance, as batch normalisation divides by it in training mode: the calibration batch passes through in both modes.
        bn.runningMean.data[c] = mean;
        bn.runningVar.data[c] = variance;
        bn.gamma.data[c] = Math.sqrt(variance + bn.eps);
        bn.beta.data[c] = mean;
      }
    }));
  } finally {
    norms.forEach((m, i) => { m.runningMean.data.set(saved[i][0]); m.runningVar.data.set(saved[i][1]); });
  }
  bn.train(model.training);
  return bn;
}
