/** Several MLPs of one architecture merged into one layer stack compute the mean of their outputs. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, noGrad, tidy } from '../../src/core/index.js';
import { buildModel, type ModelSpec } from '../../src/nn/spec.js';
import { mergeEnsemble } from '../../src/nn/merge-ensemble.js';
import { assertClose } from '../helpers.js';

const spec: ModelSpec = { format: 'topiary-sequential', version: 1, inputShape: [1, 2, 3], layers: [
  { type: 'flatten' },
  { type: 'dense', in: 6, out: 5, activation: 'tanh', bias: true },
  { type: 'dense', in: 5, out: 4, activation: 'identity', bias: true },
  { type: 'activation', op: 'relu', alpha: 0 },
  { type: 'dense', in: 4, out: 3, activation: 'identity', bias: true },
] };

it('the merged stack gives the mean of the members\' outputs, in block-diagonal layers', () => {
  const members = [1, 2, 3].map((s) => buildModel(spec, s).eval());
  const x = new Rng(9).normal([7, 1, 2, 3]).keep();
  const out = (m: (typeof members)[number]) => noGrad(() => tidy(() => Float32Array.from(m.forward(x).data)));
  const mean = new Float32Array(7 * 3);
  for (const m of members) out(m).forEach((v, i) => { mean[i] += v / members.length; });
  const merged = mergeEnsemble(members).eval();
  assertClose(out(merged), mean, 1e-5);
  assert.deepEqual(merged.layers.filter((l) => 'outFeatures' in l).map((l) => (l as unknown as { outFeatures: number }).outFeatures), [15, 12, 3]);
  x.dispose();
});

it('refuses members of different architectures and layers it cannot merge', () => {
  const other = buildModel({ ...spec, layers: spec.layers.map((l) => (l.type === 'dense' && l.out === 5 ? { ...l, out: 6 } : l.type === 'dense' && l.in === 5 ? { ...l, in: 6 } : l)) }, 0);
  assert.throws(() => mergeEnsemble([buildModel(spec, 0), other]), /member 1 has another architecture than member 0/);
  const conv = buildModel({ format: 'topiary-sequential', version: 1, inputShape: [1, 4, 4], layers: [{ type: 'conv2d', in: 1, out: 2, kernel: 3, stride: 1, padding: 1, bias: true }] }, 0);
  assert.throws(() => mergeEnsemble([conv, conv]), /layer 0 is a Conv2d; only dense stacks merge/);
});
