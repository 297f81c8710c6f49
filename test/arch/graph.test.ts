/** Architecture as data: validation errors, cell strings, canonical hashes, and models built from it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, noGrad, tidy } from '../../src/core/index.js';
import { archHash, canonicalForm } from '../../src/arch/canonical.js';
import { archOfGenotype } from '../../src/arch/cell-space.js';
import { formatCellString, parseCellString } from '../../src/arch/cell-string.js';
import { type ArchGraph, discretize, validateArch } from '../../src/arch/graph.js';
import { buildArchModel } from '../../src/arch/build.js';
import { CELL_SPACES, cellSpace } from '../../src/arch/spaces/index.js';
import { NB201_OPS, formatNb201 } from '../../src/arch/nb201.js';
import { assertClose } from '../helpers.js';

const nb201 = (s: string) => parseCellString(s, 'nb201', NB201_OPS);

describe('architecture format', () => {
  it('cell strings round-trip and agree with the NB201 genotype form', () => {
    const space = cellSpace('nb201'), rng = new Rng(1);
    for (let t = 0; t < 50; t++) {
      const g = space.edges.map(() => rng.int(NB201_OPS.length));
      const text = formatCellString(archOfGenotype(space, g));
      assert.equal(text, formatNb201(g));
      assert.equal(formatCellString(nb201(text)), text);
    }
  });

  it('malformed strings, unknown ops and cycles are named', () => {
    assert.throws(() => nb201('|nor_conv_3x3~0|+|skip_connect~0|none~1'), /group 2 .* is malformed/);
    assert.throws(() => nb201('|conv_9x9~0|'), /unknown op "conv_9x9" at vertex 1; space "nb201" has none, skip_connect/);
    assert.throws(() => nb201('|skip_connect~1|'), /vertex 1 reads vertex 1, which is not earlier/);
    const cyclic: ArchGraph = { format: 'topiary-arch', version: 1, space: 'mlp-cell', nodes: 4, aggregation: ['sum', 'sum', 'sum'], edges: [
      { from: 0, to: 1, ops: ['skip'], gamma: [1] }, { from: 1, to: 2, ops: ['skip'], gamma: [1] }, { from: 2, to: 1, ops: ['skip'], gamma: [1] }, { from: 2, to: 3, ops: ['skip'], gamma: [1] }] };
    assert.throws(() => validateArch(cyclic), /the edges form a cycle 1 → 2 → 1/);
    assert.throws(() => validateArch({ ...cyclic, edges: [{ from: 0, to: 3, ops: ['skip', 'none'], gamma: [1.5, 0] }] }), /"edges\[0\]\.gamma\[0\]" is 1\.5; expected a number in \[0, 1\]/);
    assert.throws(() => validateArch({ ...cyclic, aggregation: ['sum', 'median', 'sum'] }), /"aggregation\[1\]" is "median"; expected one of sum, mean, max/);
    assert.throws(() => validateArch({ ...cyclic, version: 2 }), /"version" is 2/);
  });
});

describe('canonical hash', () => {
  it('isomorphic cells hash equal (inner vertices swapped)', () => {
    const a = nb201('|nor_conv_3x3~0|+|nor_conv_1x1~0|none~1|+|none~0|skip_connect~1|avg_pool_3x3~2|');
    // Relabel 1 ↔ 2: the edge 1→2 has op none, so swapping keeps the same function.
    const b = nb201('|nor_conv_1x1~0|+|nor_conv_3x3~0|none~1|+|none~0|avg_pool_3x3~1|skip_connect~2|');
    assert.equal(archHash(a), archHash(b));
    const c = nb201('|nor_conv_1x1~0|+|nor_conv_3x3~0|none~1|+|none~0|skip_connect~1|avg_pool_3x3~2|');
    assert.notEqual(archHash(a), archHash(c));
  });

  it('dead vertices and zero edges do not change the hash', () => {
    const live = nb201('|none~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|');
    const deadParts = nb201('|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|nor_conv_3x3~0|none~1|none~2|');
    assert.equal(archHash(live), archHash(deadParts));
    assert.deepEqual(canonicalForm(live), { space: 'nb201', nodes: 2, aggregation: ['sum'], edges: [[0, 1, 'nor_conv_3x3']] });
  });

  it('all 15,625 NB201 cells: duplicates merge, distinct cells stay apart', () => {
    const space = cellSpace('nb201'), hashes = new Set<string>();
    for (let i = 0; i < 5 ** 6; i++) hashes.add(archHash(archOfGenotype(space, space.edges.map((_, e) => Math.floor(i / 5 ** e) % 5))));
    // Fewer than the 15,625 strings (isomorphic and dead-part duplicates merge), far more than the cells without zero ops (4^6).
    assert.ok(hashes.size < 15625 && hashes.size > 4 ** 6, `${hashes.size} hashes`);
  });

  it('refuses a continuous architecture until discretized', () => {
    const a = archOfGenotype(cellSpace('mlp-cell'), [1, 0, 0, 0, 0, 2]);
    a.edges[0].gamma = [0.1, 0.6, 0.2, 0.1];
    assert.throws(() => archHash(a), /discrete/);
    assert.equal(archHash(discretize(a)), archHash(archOfGenotype(cellSpace('mlp-cell'), [1, 0, 0, 0, 0, 2])));
  });
});

describe('builder', () => {
  for (const [name, make] of Object.entries(CELL_SPACES)) {
    it(`${name}: every op builds, trains one step, and the output has the class count`, () => {
      const space = make();
      const inputShape = name === 'nb201' ? [3, 8, 8] : [10];
      for (let k = 0; k < space.ops.length; k++) {
        const model = buildArchModel(archOfGenotype(space, space.edges.map((_, e) => (k + e) % space.ops.length)), space, inputShape, 5, 1);
        const y = tidy(() => model.forward(new Rng(2).normal([4, ...inputShape])).keep());
        assert.deepEqual(y.shape, [4, 5]);
        assert.ok(y.data.every(Number.isFinite));
        y.dispose();
      }
    });
  }

  it('a mixed edge computes Σ γ·op (continuous γ, as in DARTS)', () => {
    const space = cellSpace('mlp-cell');
    const only = (gamma: number[]): ArchGraph => ({ format: 'topiary-arch', version: 1, space: 'mlp-cell', nodes: 4, aggregation: ['sum', 'sum', 'sum'],
      edges: [{ from: 0, to: 3, ops: ['skip', 'none'], gamma }] });
    const x = new Rng(3).normal([6, 10]).keep();
    const run = (a: ArchGraph) => noGrad(() => tidy(() => Array.from(buildArchModel(a, space, [10], 2, 7).eval().forward(x).data)));
    const zero = run(only([0, 1])), full = run(only([1, 0])), mixed = run(only([0.3, 0.7]));
    // The head is affine: head(0.3·h) − head(0) = 0.3·(head(h) − head(0)).
    assertClose(mixed.map((v, i) => v - zero[i]), full.map((v, i) => 0.3 * (v - zero[i])), 1e-5, 1e-6);
  });

  it('an architecture of another space, or with disagreeing shapes, is refused', () => {
    const widths = cellSpace('mlp-widths');
    assert.throws(() => buildArchModel(archOfGenotype(cellSpace('mlp-cell'), [1, 1, 1, 1, 1, 1]), widths, [10], 2, 0), /edges\[0\]\.ops\[0\]" is "none"; expected an op of space/);
    const a = archOfGenotype(widths, [0, 1]);
    a.edges.push({ from: 0, to: 2, ops: [...widths.ops], gamma: widths.ops.map((_, k) => (k === 3 ? 1 : 0)) });
    assert.throws(() => buildArchModel(a, widths, [10], 2, 0), /vertex 2 aggregates values of shapes \[64\] and \[256\]/);
    assert.throws(() => buildArchModel(archOfGenotype(cellSpace('nb201'), [1, 1, 1, 1, 1, 1]), cellSpace('nb201'), [10], 2, 0), /needs image input/);
  });
});
