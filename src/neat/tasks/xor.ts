/**
 * XOR as a weight-agnostic task: two inputs, one output read as a
 * probability (clipped to [0, 1]); the score is 1 − mean |output − target|
 * over the four cases, so 1 is perfect and a network is solved when every
 * output is on the right side of ½.
 */
import type { GenomeTask } from './task.js';

const X = Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]);
const Y = [0, 1, 1, 0];

function score(out: Float32Array): number {
  let error = 0;
  for (let i = 0; i < 4; i++) error += Math.abs(Math.min(1, Math.max(0, out[i] || 0)) - Y[i]);
  return 1 - error / 4;
}

/** Whether all four outputs are on the right side of ½. */
export function xorSolved(out: Float32Array): boolean {
  return Y.every((y, i) => Math.abs(out[i] - y) < 0.5);
}

export const xorTask = (): GenomeTask => ({
  name: 'xor', inputs: 2, outputs: 1, outputActivation: 'sigmoid', scoreName: '1 − mean absolute error',
  sharedScores: (net, weights) => net.evaluateShared(X, 4, weights).map(score),
  ownScore: (net) => score(net.evaluate(X, 4)),
  heldOut: (net, weights) => net.evaluateShared(X, 4, weights).map(score),
  heldOutOwn: (net) => score(net.evaluate(X, 4)),
});
