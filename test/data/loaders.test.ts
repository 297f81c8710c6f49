/** Loaders read the real formats and reject bad input with errors that name the file and the fix. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readIdx } from '../../src/data/idx.js';
import { loadCsv, generateAdd10 } from '../../src/data/tabular.js';
import { loadDataset, findDataset } from '../../src/data/registry.js';
import { prepare, stratifiedSplit, batches } from '../../src/data/prepare.js';
import { Rng } from '../../src/core/random.js';

const dir = mkdtempSync(join(tmpdir(), 'topiary-data-'));
function idx(magic: number, dims: number[], body: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(body)]);
}

describe('IDX', () => {
  it('reads gzip-compressed IDX images', () => {
    const p = join(dir, 'ok.gz');
    writeFileSync(p, gzipSync(idx(0x803, [2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 255])));
    const a = readIdx(p, 0x803);
    assert.deepEqual(a.dims, [2, 2, 2]);
    assert.equal(a.data[7], 255);
  });
  it('names the file for a wrong magic, a truncated gzip, a short body and a missing file', () => {
    const magic = join(dir, 'magic.gz');
    writeFileSync(magic, gzipSync(idx(0x801, [2], [1, 2])));
    assert.throws(() => readIdx(magic, 0x803), /magic.gz: IDX magic is 0x00000801, expected 0x00000803/);
    const trunc = join(dir, 'trunc.gz');
    const gz = gzipSync(idx(0x803, [10, 2, 2], new Array(40).fill(1)));
    writeFileSync(trunc, gz.subarray(0, gz.length - 9));
    assert.throws(() => readIdx(trunc, 0x803), /trunc.gz: gzip data is corrupt or truncated.*download it again/);
    const short = join(dir, 'short');
    writeFileSync(short, idx(0x803, [10, 2, 2], [1, 2, 3]));
    assert.throws(() => readIdx(short, 0x803), /header says 40 data bytes \(10x2x2\) but the file holds 3/);
    assert.throws(() => readIdx(join(dir, 'none.gz'), 0x803), /none.gz: file not found/);
  });
});

describe('CSV and generated data', () => {
  it('one-hot encodes categorical columns and infers the task from the target', () => {
    const p = join(dir, 'a.csv');
    writeFileSync(p, `x,color,y\n${'1,red,a\n2,blue,b\n3,red,a\n'.repeat(4)}`);
    const d = loadCsv(p, 'y');
    assert.equal(d.task, 'classification');
    assert.deepEqual(d.featureNames, ['x', 'color=blue', 'color=red']);
    assert.deepEqual(Array.from(d.train.x).slice(0, 9), [1, 0, 1, 2, 1, 0, 3, 0, 1]);
    assert.deepEqual(Array.from(d.train.labels!).slice(0, 3), [0, 1, 0]);
  });
  it('a test file is encoded as the training file: its columns by name, categories, means and classes', () => {
    const train = join(dir, 'train.csv'), test = join(dir, 'test.csv');
    writeFileSync(train, `x,color,y\n${'1,red,a\n,blue,b\n3,red,a\n'.repeat(4)}`);
    // Columns in another order, a colour the training file lacks, a missing x.
    writeFileSync(test, 'color,y,x\ngreen,a,5\nblue,b,\n');
    const d = loadCsv(train, 'y', undefined, test);
    assert.deepEqual(d.featureNames, ['x', 'x_missing', 'color=blue', 'color=red']);
    assert.equal(d.test!.n, 2);
    assert.deepEqual(Array.from(d.test!.x), [5, 0, 0, 0, 2, 1, 1, 0]);
    assert.deepEqual(Array.from(d.test!.labels!), [0, 1]);
    writeFileSync(test, 'x,y\n1,a\n');
    assert.throws(() => loadCsv(train, 'y', undefined, test), /test\.csv: no column "color", which the training file has\. Give the test file the same columns/);
    writeFileSync(test, 'x,color,y\n1,red,c\n');
    assert.throws(() => loadCsv(train, 'y', undefined, test), /test\.csv:2: target "y" is "c", a class the training file .* never has \(classes: a, b\)/);
  });
  it('reads RFC 4180 CSV: quoted fields with commas, quotes and line breaks, CRLF, a byte-order mark', () => {
    const p = join(dir, 'quoted.csv');
    const rows = Array.from({ length: 12 }, (_, i) => `"Smith, J",${i},"said ""hi""\nthen left",${i % 2}`);
    writeFileSync(p, `\uFEFFname,x,note,y\r\n${rows.join('\r\n')}\r\n`);
    const d = loadCsv(p, 'y');
    assert.equal(d.train.n, 12);
    assert.deepEqual(d.featureNames, ['name=Smith, J', 'x', 'note=said "hi"\nthen left']);
    assert.throws(() => { writeFileSync(p, 'x,y\n"open,1\n'); loadCsv(p, 'y'); }, /quoted.csv:2: a quoted field is never closed/);
  });
  it('missing values: a numeric column stays numeric (imputed, flagged, warned); bad numbers and targets are named', () => {
    const p = join(dir, 'missing.csv');
    const rows = Array.from({ length: 12 }, (_, i) => `${i === 3 ? 'NaN' : i === 5 ? '' : i},${i * 2}`);
    writeFileSync(p, `a,y\n${rows.join('\n')}\n`);
    const d = loadCsv(p, 'y');
    assert.deepEqual([d.task, d.featureNames], ['regression', ['a', 'a_missing']]);
    const mean = Math.fround((66 - 3 - 5) / 10);
    assert.deepEqual(Array.from(d.train.x).slice(6, 12), [mean, 1, 4, 0, mean, 1]);
    assert.match(d.warnings![0], /column "a" is missing in 2 row\(s\) \(line 5, 7\); imputed with its mean 5.8, flagged in feature "a_missing"/);
    writeFileSync(p, `a,y\n${rows.map((r, i) => (i === 4 ? '1e400,8' : r)).join('\n')}\n`);
    assert.throws(() => loadCsv(p, 'y'), /missing.csv:6: column "a" holds "1e400", which is not a finite number/);
    writeFileSync(p, `a,y\n${Array.from({ length: 12 }, (_, i) => `${i},${i === 2 || i === 9 ? '' : i}`).join('\n')}\n`);
    assert.throws(() => loadCsv(p, 'y'), /target "y" is missing in row\(s\) at line 4, 11\. Fill in the target or remove those rows/);
    writeFileSync(p, `a,y\n${Array.from({ length: 12 }, (_, i) => `${i},yes`).join('\n')}\n`);
    assert.throws(() => loadCsv(p, 'y'), /target "y" has one class \("yes"\) in every row/);
    writeFileSync(p, 'a,y\n1,2\n2,3\n');
    assert.throws(() => loadCsv(p, 'y'), /only 2 data row\(s\); at least 10 are needed/);
  });
  it('rejects a ragged row and an unknown column, naming file, line and choices', () => {
    const p = join(dir, 'b.csv');
    writeFileSync(p, 'x,y\n1,2\n3\n');
    assert.throws(() => loadCsv(p, 'y'), /b.csv:3: row has 1 fields, expected 2/);
    writeFileSync(p, 'x,y\n1,2\n');
    assert.throws(() => loadCsv(p, 'z'), /no column "z" \(columns: x, y\)/);
  });
  it('Add10 is seeded and follows Friedman\'s formula up to the N(0,1) noise', () => {
    const a = generateAdd10(500, 3), b = generateAdd10(500, 3);
    assert.deepEqual(Array.from(a.train.targets!), Array.from(b.train.targets!));
    let sq = 0;
    for (let i = 0; i < 500; i++) {
      const r = a.train.x.subarray(i * 10, i * 10 + 10);
      const f = 10 * Math.sin(Math.PI * r[0] * r[1]) + 20 * (r[2] - 0.5) ** 2 + 10 * r[3] + 5 * r[4];
      sq += (a.train.targets![i] - f) ** 2;
    }
    assert.ok(Math.abs(sq / 500 - 1) < 0.2, `noise variance ${sq / 500}`);
  });
  it('unknown dataset names list the known ones', () => {
    assert.throws(() => findDataset('mnits'), /dataset "mnits": unknown dataset. Use one of: mnist, mnist256, fashion-mnist/);
    assert.throws(() => loadDataset('mnist', join(dir, 'empty'), 0), /train-images-idx3-ubyte.gz: file not found/);
  });
});

describe('splits and batches', () => {
  it('stratified splits keep class proportions and partition the indices', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 800 ? 0 : 1));
    const [a, b] = stratifiedSplit(1000, [0.9, 0.1], new Rng(1), labels);
    assert.equal(a.length + b.length, 1000);
    assert.equal(new Set([...a, ...b]).size, 1000);
    assert.equal(Array.from(b).filter((i) => labels[i] === 1).length, 20);
  });
  it('standardisation is fitted on the training split only; batches cover every row once', () => {
    const p = prepare(generateAdd10(1000, 1), { seed: 2 });
    for (let j = 0; j < 10; j++) {
      let m = 0;
      for (let i = 0; i < p.train.n; i++) m += p.train.x[i * 10 + j] / p.train.n;
      assert.ok(Math.abs(m) < 1e-5);
    }
    let seen = 0;
    for (const b of batches(p.train, [10], 64, new Rng(3))) seen += b.x.shape[0];
    assert.equal(seen, p.train.n);
  });
  it('preparing a dataset with its own test split twice gives the same test rows (the dataset is not modified)', () => {
    const data = generateAdd10(600, 4);
    const withTest = { ...data, train: data.train, test: { ...data.train, x: data.train.x.slice(0, 100 * 10), targets: data.train.targets!.slice(0, 100), n: 100 } };
    const raw = withTest.test.x.slice();
    const first = prepare(withTest, { seed: 1 }).test.x, second = prepare(withTest, { seed: 2 }).test.x;
    assert.deepEqual(withTest.test.x, raw);
    assert.ok(Math.abs(first[0] - second[0]) < 0.5, 'both standardised once, with similar training statistics');
    assert.notEqual(first[0], raw[0]);
  });
});
