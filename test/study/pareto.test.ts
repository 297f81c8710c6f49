/** Pareto fronts, NSGA-II ranking and hypervolume, checked against brute force on small integer points. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { crowdingDistance, dominates, hypervolume, nondominatedSort, paretoFront, parseObjectives, rankOrder } from '../../src/study/index.js';

it('objectives parse with directions and name bad input', () => {
  assert.deepEqual(parseObjectives('valid:max,params:min,acc'), [{ name: 'valid', direction: 'max' }, { name: 'params', direction: 'min' }, { name: 'acc', direction: 'max' }]);
  assert.throws(() => parseObjectives('valid:up'), /"valid:up" is not NAME:max or NAME:min/);
  assert.throws(() => parseObjectives('a,a:min'), /objective "a" is named twice/);
});

it('dominance follows each direction; sorting and fronts agree with the definition', () => {
  const objs = parseObjectives('acc:max,cost:min');
  assert.ok(dominates(objs, [2, 1], [1, 1]) && dominates(objs, [2, 1], [2, 2]) && !dominates(objs, [2, 1], [2, 1]) && !dominates(objs, [3, 3], [2, 1]));
  const pts = [[1, 1], [2, 2], [3, 3], [2, 3], [1, 2], [3, 3]];
  const fronts = nondominatedSort(objs, pts);
  assert.deepEqual(fronts.map((f) => [...f].sort()), [[0, 1, 2, 5], [3, 4]]);
  assert.deepEqual(paretoFront(objs, pts), [0, 1, 2], 'the duplicate of a front point is listed once');
  const cd = crowdingDistance(pts, [0, 1, 2]);
  assert.equal(cd.get(0), Infinity);
  assert.equal(cd.get(2), Infinity);
  assert.ok(Math.abs(cd.get(1)! - 2) < 1e-12);
  assert.deepEqual(rankOrder(objs, pts).slice(-2).sort(), [3, 4]);
});

/** Counts the unit cells of the integer grid dominated by some point (maximisation, reference at the origin). */
function bruteForce(pts: number[][], d: number, max: number): number {
  let n = 0;
  const cell = new Array<number>(d).fill(0);
  const walk = (k: number) => {
    if (k === d) { if (pts.some((p) => p.every((v, i) => v >= cell[i] + 1))) n++; return; }
    for (let v = 0; v < max; v++) { cell[k] = v; walk(k + 1); }
  };
  walk(0);
  return n;
}

it('hypervolume equals the brute-force count of dominated cells in 1 to 4 dimensions, with mixed directions', () => {
  let seed = 7;
  const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (const d of [1, 2, 3, 4]) {
    for (let rep = 0; rep < 5; rep++) {
      const pts = Array.from({ length: 2 + rand(8) }, () => Array.from({ length: d }, () => 1 + rand(6)));
      const objs = parseObjectives(Array.from({ length: d }, (_, i) => `o${i}:${i % 2 ? 'min' : 'max'}`).join(','));
      // Minimised objectives are mirrored: value 10 − v, reference 10.
      const asGiven = pts.map((p) => p.map((v, i) => (i % 2 ? 10 - v : v)));
      const ref = Array.from({ length: d }, (_, i) => (i % 2 ? 10 : 0));
      assert.equal(hypervolume(objs, asGiven, ref), bruteForce(pts, d, 7), `d=${d} points ${JSON.stringify(pts)}`);
    }
  }
  assert.equal(hypervolume(parseObjectives('a,b'), [[-1, 5]], [0, 0]), 0, 'a point not beating the reference adds nothing');
  assert.throws(() => hypervolume(parseObjectives('a,b'), [[1, 1]], [0]), /reference point has 1 values, expected 2/);
});
