/**
 * The data scaling a model was trained behind, exported with it: features are
 * standardised on the way in and regression outputs mapped back to target
 * units on the way out, so the exported model reads and writes raw values.
 */
import type { Preprocessing } from '../data/prepare.js';
import type { GraphBuilder } from './graph.js';

export function scaledInput(g: GraphBuilder, pre: Preprocessing): number {
  if (!pre.featureMean || !pre.featureStd) return 0;
  const f = pre.featureMean.length;
  if (g.inputShape.length !== 1 || g.inputShape[0] !== f || pre.featureStd.length !== f) {
    throw new Error(`export: preprocessing standardises ${f} features but the model reads [${g.inputShape}]; the model file's metadata.preprocessing does not belong to this model`);
  }
  return g.add({ kind: 'featureAffine', input: 0, scale: Float32Array.from(pre.featureStd, (s) => 1 / s), shift: Float32Array.from(pre.featureMean, (m, i) => -m / pre.featureStd![i]) }, 'input standardisation');
}

export function scaledOutput(g: GraphBuilder, pre: Preprocessing, out: number): number {
  if (pre.targetMean === undefined || pre.targetStd === undefined) return out;
  const width = g.shapeOf(out)[0];
  return g.add({ kind: 'featureAffine', input: out, scale: new Float32Array(width).fill(pre.targetStd), shift: new Float32Array(width).fill(pre.targetMean) }, 'target de-standardisation');
}
