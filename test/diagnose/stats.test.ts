/** Statistics against SciPy/NumPy (fixture: scripts/fixtures/scipy_diagnose.py) and on degenerate input. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shapiroWilk, shapiroPValue, fitExpNormal, fitTwoGammas, pca, activationStats, normalQuantile, normalCdf } from '../../src/diagnose/index.js';
import { assertClose, fixture } from '../helpers.js';

interface Fixture {
  shapiro: { name: string; x: number[]; w: number; p: number }[];
  expNormal: { name: string; x: number[]; weights: number[]; rate: number; mean: number; std: number; logLikelihood: number }[];
  gammas: { name: string; x: number[]; weights: number[]; shapes: number[]; scales: number[]; logLikelihood: number }[];
  pca: { rows: number; cols: number; x: number[]; eigenvalues: number[] }[];
}
const f = fixture<Fixture>('scipy-diagnose.json');

// SciPy's swilk computes W in single precision: at n = 5000 its W is 4.9e-6 below ours (float64), which moves
// Royston's p by 2%. So p is compared twice: ours against SciPy's for n <= 2000, and, for every n, Royston's
// formula applied to SciPy's own W against SciPy's p (the same formula must give the same p).
describe('Shapiro-Wilk matches scipy.stats.shapiro (W to 1e-4 absolute, p to 1e-3 relative where p > 1e-6)', () => {
  for (const c of f.shapiro) {
    it(`${c.name}`, () => {
      const r = shapiroWilk(c.x);
      assert.ok(Math.abs(r.w - c.w) < 1e-4, `W ${r.w} vs ${c.w}`);
      const pFromScipyW = shapiroPValue(c.w, c.x.length);
      if (c.p > 1e-6) {
        assert.ok(Math.abs(pFromScipyW - c.p) / c.p < 1e-3, `p(W_scipy) ${pFromScipyW} vs ${c.p}`);
        if (c.x.length <= 2000) assert.ok(Math.abs(r.p - c.p) / c.p < 1e-3, `p ${r.p} vs ${c.p}`);
      } else assert.ok(r.p < 1e-5);
    });
  }
  it('rejects n < 3, n > 5000, constant samples and NaN with a reason', () => {
    assert.throws(() => shapiroWilk([1, 2]), /at least 3 values, got 2/);
    assert.throws(() => shapiroWilk(new Array(5001).fill(0).map((_, i) => i)), /valid up to n = 5000/);
    assert.throws(() => shapiroWilk([2, 2, 2, 2]), /all values are equal/);
    assert.throws(() => shapiroWilk([1, Number.NaN, 3]), /value 1 is NaN/);
  });
});

describe('mixture fits reach the maximum-likelihood solution found by scipy.optimize', () => {
  for (const c of f.expNormal) {
    it(`exponential + normal: ${c.name}`, () => {
      const r = fitExpNormal(c.x);
      assert.ok(r.logLikelihood >= c.logLikelihood - 1e-6, `log-likelihood ${r.logLikelihood} < ${c.logLikelihood}`);
      assertClose([r.weights[0], r.rate, r.mean, r.std], [c.weights[0], c.rate, c.mean, c.std], 1e-3, 1e-6, c.name);
    });
  }
  for (const c of f.gammas) {
    it(`two gammas: ${c.name}`, () => {
      const r = fitTwoGammas(c.x);
      assert.ok(r.logLikelihood >= c.logLikelihood - 1e-6, `log-likelihood ${r.logLikelihood} < ${c.logLikelihood}`);
      assertClose([...r.weights, ...r.shapes, ...r.scales], [...c.weights, ...c.shapes, ...c.scales], 1e-3, 1e-6, c.name);
    });
  }
  it('are deterministic and never NaN on degenerate data', () => {
    const x = f.gammas[0].x;
    assert.deepEqual(fitTwoGammas(x), fitTwoGammas(x));
    const zeros = fitExpNormal(new Array(50).fill(0));
    assert.ok([zeros.rate, zeros.mean, zeros.std, zeros.logLikelihood, ...zeros.weights].every((v) => !Number.isNaN(v)));
    const withDead = fitTwoGammas([0, 0, 0, ...x.slice(0, 100)]);
    assert.equal(withDead.excluded, 3);
    assert.throws(() => fitTwoGammas([0, 0, 1, 1]), /at least 4 positive values/);
    assert.throws(() => fitExpNormal([1, -1, 2]), /values must be >= 0/);
  });
});

describe('PCA and activation statistics', () => {
  for (const c of f.pca) {
    it(`eigenvalues match numpy for ${c.rows}x${c.cols}`, () => {
      const r = pca(c.x, c.rows, c.cols);
      assertClose(r.eigenvalues, c.eigenvalues, 1e-8, 1e-9, 'eigenvalues');
      const total = c.eigenvalues.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(r.explainedVarianceRatio.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      assert.ok(Math.abs(r.reconstructionError(0) - (total * (c.rows - 1)) / c.rows) < 1e-9 * total);
      assert.ok(r.reconstructionError(c.cols) < 1e-9 * total);
    });
  }
  it('activation statistics count dead neurons and sum variances', () => {
    const acts = [1, 0, 5, 3, 0, 5, 5, 0, 5.000001];
    const s = activationStats(acts, 3, 3, 1e-6);
    assert.equal(s.dead, 1);
    assert.equal(s.deadBelowThreshold, 2);
    assertClose(s.variance, [8 / 3, 0, 2.2222222e-13], 1e-6, 1e-15);
    assert.throws(() => activationStats([1, Number.NaN], 1, 2), /neuron 1 on sample 0 is NaN/);
  });
  it('normal quantile inverts the CDF', () => {
    for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999]) assert.ok(Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-12 * Math.max(1, 1 / p) * p + 1e-15);
  });
});

it('shapiroWilk is importable from the package entry point (topiary-nn)', async () => {
  const pkg = (await import('topiary-nn')) as { shapiroWilk: (x: number[]) => { w: number; p: number } };
  const r = pkg.shapiroWilk([1, 2, 4, 7, 3, 5]);
  assert.ok(r.w > 0.9 && r.w <= 1 && r.p > 0.5);
});
