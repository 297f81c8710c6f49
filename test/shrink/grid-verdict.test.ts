/** gridVerdict: best fixed network, the smallest compressed one at least as good, wins at equal size. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { gridVerdict, type GridScore } from '../../src/shrink/grid-verdict.js';

const run = (params: number, shrunk: number, fixed: number, lambda = 1e-3): GridScore => ({ lambda, depth: 1, seed: 0, params, shrunk, fixed });

it('finds the best fixed network and the smallest compressed network at least as good', () => {
  const v = gridVerdict([run(1000, 0.95, 0.96), run(400, 0.961, 0.94, 1e-2), run(300, 0.955, 0.93, 1e-1), run(2000, 0.97, 0.955)])!;
  assert.equal(v.bestFixed.params, 1000);
  assert.equal(v.smallestAsGood!.params, 400);
  assert.equal(v.smallestAsGood!.timesSmaller, 2.5);
  assert.equal(v.bestAtHalf!.params, 400);
  assert.equal(v.compressedWins, 3);
});

it('says when no compressed network matches the best fixed one', () => {
  const v = gridVerdict([run(1000, 0.95, 0.96), run(200, 0.9, 0.91)])!;
  assert.equal(v.smallestAsGood, null);
  assert.equal(v.bestAtHalf!.params, 200);
  assert.equal(v.compressedWins, 0);
  assert.equal(gridVerdict([]), null);
});
