/** Training a genome's own weights: the gradient against finite differences, and training that fits. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/random.js';
import type { Genome, NodeGene } from '../../src/neat/genome.js';
import { compile } from '../../src/neat/network.js';
import { genomeLossGradient, trainGenomeWeights } from '../../src/neat/train-weights.js';
import { countArgmaxHits } from '../../src/train/metrics.js';

/** 3 inputs, bias, 2 outputs, hidden tanh, sin and gaussian nodes with a hidden→hidden connection; one connection disabled. */
const genome = (): Genome => ({
  format: 'topiary-genome', version: 1,
  nodes: [...[0, 1, 2].map((id): NodeGene => ({ id, kind: 'input', activation: 'linear' })),
    { id: 3, kind: 'bias', activation: 'linear' }, { id: 4, kind: 'output', activation: 'linear' }, { id: 5, kind: 'output', activation: 'tanh' },
    { id: 6, kind: 'hidden', activation: 'tanh' }, { id: 7, kind: 'hidden', activation: 'sin' }, { id: 8, kind: 'hidden', activation: 'gaussian' }],
  connections: [[0, 6, 0.7], [1, 6, -0.4], [3, 7, 0.3], [6, 7, 1.1], [7, 4, 0.9], [2, 8, -0.6], [8, 5, 1.3], [6, 5, -0.8], [0, 4, 0.2], [3, 5, 0.5], [1, 4, 2]]
    .map(([from, to, weight], i) => ({ innovation: i, from, to, weight, enabled: i !== 10 })),
});

function rows(n: number, seed: number) {
  const rng = new Rng(seed), x = Float32Array.from({ length: n * 3 }, () => rng.next() * 2 - 1);
  const labels = Int32Array.from({ length: n }, (_, r) => (x[r * 3] - 0.5 * x[r * 3 + 1] + 0.3 * x[r * 3 + 2] > 0.1 ? 1 : 0));
  return { x, labels, n };
}

describe('training a genome\'s own weights', () => {
  it('has the gradient of finite differences for every enabled connection', () => {
    const g = genome(), data = rows(16, 1), { gradient } = genomeLossGradient(g, data);
    const enabled = g.connections.flatMap((c, i) => (c.enabled ? [i] : []));
    assert.equal(gradient.length, enabled.length);
    const h = 1e-2;
    enabled.forEach((position, p) => {
      const at = (delta: number) => { const m = genome(); m.connections[position].weight += delta; return genomeLossGradient(m, data).loss; };
      const numeric = (at(h) - at(-h)) / (2 * h);
      assert.ok(Math.abs(numeric - gradient[p]) < 2e-3 + 0.02 * Math.abs(numeric), `connection ${position}: analytic ${gradient[p]}, numeric ${numeric}`);
    });
  });

  it('lowers the loss and raises accuracy from a shared start, keeping the disabled weight and the topology', () => {
    const data = rows(512, 2), g = genome(), losses: number[] = [];
    const before = countArgmaxHits(compile(g).evaluate(data.x, data.n), data.labels) / data.n;
    const trained = trainGenomeWeights(g, data, { startWeight: 0.5, epochs: 30, batch: 64, learningRate: 0.03, seed: 3, onEpoch: (_e, l) => losses.push(l) });
    assert.ok(losses.at(-1)! < 0.8 * losses[0], `loss ${losses[0]} → ${losses.at(-1)}`);
    const after = countArgmaxHits(compile(trained).evaluate(data.x, data.n), data.labels) / data.n;
    assert.ok(after > 0.9 && after > before, `accuracy ${before} → ${after}`);
    assert.equal(trained.connections[10].weight, 2);
    assert.deepEqual(trained.nodes, g.nodes);
    assert.deepEqual(trainGenomeWeights(g, data, { startWeight: 0.5, epochs: 2, seed: 3 }), trainGenomeWeights(g, data, { startWeight: 0.5, epochs: 2, seed: 3 }));
  });
});
