/** In-place resizing of parameters: value, gradient and optimizer slots move together. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/core/tensor.js';
import { Parameter } from '../../src/nn/parameter.js';

function param(): Parameter {
  const p = new Parameter(Float32Array.from({ length: 12 }, (_, i) => i), [4, 3], 'w');
  p.grad = new Tensor(Float32Array.from({ length: 12 }, (_, i) => 100 + i), [4, 3]).keep();
  p.slot('adam.m').set(Float32Array.from({ length: 12 }, (_, i) => 200 + i));
  return p;
}

describe('Parameter resizing', () => {
  it('select rows keeps value, gradient and slots aligned, in the same buffer', () => {
    const p = param();
    const buffer = p.data.buffer;
    p.select(0, [3, 1]);
    assert.deepEqual(p.shape, [2, 3]);
    assert.deepEqual(Array.from(p.data), [3, 4, 5, 9, 10, 11]);
    assert.deepEqual(Array.from(p.grad!.data), [103, 104, 105, 109, 110, 111]);
    assert.deepEqual(Array.from(p.slot('adam.m')), [203, 204, 205, 209, 210, 211]);
    assert.equal(p.data.buffer, buffer, 'select must not reallocate');
  });

  it('remove columns', () => {
    const p = param();
    p.remove(1, [0, 2]);
    assert.deepEqual(p.shape, [4, 1]);
    assert.deepEqual(Array.from(p.data), [1, 4, 7, 10]);
    assert.deepEqual(Array.from(p.slot('adam.m')), [201, 204, 207, 210]);
    assert.deepEqual(p.grad!.shape, [4, 1]);
  });

  it('insert columns with values; gradient and slots of new entries are zero', () => {
    const p = param();
    p.insert(1, 1, 2, Float32Array.from({ length: 8 }, (_, i) => -1 - i));
    assert.deepEqual(p.shape, [4, 5]);
    assert.deepEqual(Array.from(p.data.subarray(0, 10)), [0, -1, -2, 1, 2, 3, -3, -4, 4, 5]);
    assert.deepEqual(Array.from(p.slot('adam.m').subarray(0, 5)), [200, 0, 0, 201, 202]);
    assert.deepEqual(Array.from(p.grad!.data.subarray(0, 5)), [100, 0, 0, 101, 102]);
  });

  it('insert then select round-trips', () => {
    const p = param();
    p.insert(0, 4, 3);
    p.select(0, [0, 1, 2, 3]);
    assert.deepEqual(Array.from(p.data), Array.from({ length: 12 }, (_, i) => i));
  });

  it('bad indices name the parameter and the allowed range', () => {
    const p = param();
    assert.throws(() => p.select(0, [4]), /Parameter.select on "w": index 4 \(position 0\) is outside \[0, 3\]/);
    assert.throws(() => p.insert(1, 5, 1), /Parameter.insert on "w": position 5 is outside \[0, 3\]/);
    assert.throws(() => p.select(2, [0]), /axis 2 is out of range for parameter "w" \[4, 3\]/);
    assert.throws(() => p.insert(0, 0, 1, new Float32Array(2)), /init has 2 values, expected 3/);
  });
});
