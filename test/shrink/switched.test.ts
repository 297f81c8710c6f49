/** Switches inserted into any layer stack: the same function at β = 1, units removed and switches folded without changing it. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, noGrad, tidy } from '../../src/core/index.js';
import { buildModel } from '../../src/nn/spec.js';
import { Switch, foldSwitches, keepUnits, switchedModel, widenDense } from '../../src/shrink/index.js';
import { convStackLayers } from '../../src/search/spaces/conv-stack.js';
import { assertClose } from '../helpers.js';

const spec = { format: 'topiary-sequential' as const, version: 1 as const, inputShape: [1, 8, 8],
  layers: convStackLayers({ blocks: [{ channels: 4, kernel: 3 }, { channels: 6, kernel: 5 }], dense: 8 }, [1, 8, 8], 3) };

it('a switch after every hidden group (after the pooling), none on the output; at β = 1 the function is unchanged', () => {
  const plain = buildModel(spec, 4).eval(), switched = switchedModel(spec, 4).eval();
  const sw = switched.layers.map((l, i) => [l, i] as const).filter(([l]) => l instanceof Switch);
  assert.deepEqual(sw.map(([l]) => (l as Switch).features), [4, 6, 8]);
  assert.deepEqual(sw.map(([, i]) => switched.layers[i - 1].constructor.name), ['MaxPool2d', 'MaxPool2d', 'Dense']);
  const x = new Rng(1).normal([5, 1, 8, 8]).keep();
  const out = (m: typeof plain) => noGrad(() => tidy(() => Float32Array.from(m.forward(x).data)));
  assertClose(out(switched), out(plain), 1e-6);

  // Remove units behind each switch, scale the rest, fold: the plain network computes what the switched one does.
  const rng = new Rng(2);
  for (const [s] of sw) for (let k = 0; k < (s as Switch).features; k++) (s as Switch).beta.data[k] = 0.5 + rng.next();
  keepUnits(switched, sw[0][1], [0, 2, 3]);
  keepUnits(switched, sw[1][1], [1, 2, 3, 5]);
  keepUnits(switched, sw[2][1], [0, 1, 2, 4, 7]);
  const folded = foldSwitches(switched).eval();
  assert.ok(folded.layers.every((l) => !(l instanceof Switch)));
  assertClose(out(folded), out(switched), 1e-4);
  x.dispose();
});

it('widenDense doubles the hidden dense layers only, and the result builds', () => {
  const wide = widenDense(spec, 2);
  const dense = wide.layers.filter((l) => l.type === 'dense');
  assert.deepEqual(dense.map((l) => [l.in, l.out]), [[6 * 2 * 2, 16], [16, 3]]);
  assert.deepEqual(wide.layers.filter((l) => l.type === 'conv2d').map((l) => l.out), [4, 6]);
  assert.equal(buildModel(wide, 0).parameterCount() > buildModel(spec, 0).parameterCount(), true);
});
