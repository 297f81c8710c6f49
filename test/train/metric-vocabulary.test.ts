import { it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalMetricName, headlineScore, splitMetrics } from '../../src/train/metric-vocabulary.js';

it('old metric names read in the vocabulary; names already in it, and member suffixes, are kept', () => {
  const old = ['loss', 'valLoss', 'valAccuracy', 'valR2', 'error.valid', 'error.test', 'remaining', 'best', 'bestMean', 'bestMax', 'populationMean',
    'championConnections', 'meanConnections', 'meanHidden', 'loss.m2', 'valid.accuracy.m3', 'size.1', 'lambda', 'ops.m1'];
  assert.deepEqual(old.map(canonicalMetricName), ['train.loss', 'valid.loss', 'valid.accuracy', 'valid.r2', 'valid.error', 'test.error', 'weights.remaining',
    'fitness.best', 'fitness.best-mean', 'fitness.best-max', 'fitness.population', 'champion.connections', 'population.connections', 'population.hidden',
    'train.loss.m2', 'valid.accuracy.m3', 'size.1', 'lambda', 'ops.m1']);
});

it('one headline score per task kind, and a split\'s metrics under their vocabulary names', () => {
  assert.equal(headlineScore({ loss: 0.3, accuracy: 0.9 }), 0.9);
  assert.equal(headlineScore({ loss: 0.3, r2: 0.7, mse: 0.1 }), 0.7);
  assert.ok(Number.isNaN(headlineScore({ loss: 0.3 })));
  assert.deepEqual(splitMetrics('valid', { loss: 0.3, accuracy: 0.9 }), { 'valid.loss': 0.3, 'valid.accuracy': 0.9 });
  assert.deepEqual(splitMetrics('test', { loss: 0.2, r2: 0.7, mse: 0.1 }), { 'test.loss': 0.2, 'test.r2': 0.7, 'test.mse': 0.1 });
  assert.deepEqual(splitMetrics('valid', { loss: 0.3, r2: 0.5 }, false), { 'valid.r2': 0.5 });
});
