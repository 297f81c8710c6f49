/** Tabular datasets: UCI Airfoil, Poker Hand, Adult, the Add10 generator, and generic CSV. */
import { join } from 'node:path';
import { Rng } from '../core/random.js';
import type { Dataset, Split, Task } from './dataset.js';
import { DataError } from './errors.js';
import { parseNumber, parseTable, readText } from './text-table.js';

function numericRows(path: string, rows: string[][], names: string[]): number[][] {
  return rows.map((r, i) => r.map((c, j) => parseNumber(path, i + 1, names[j] ?? `#${j}`, c)));
}

function regressionSplit(rows: number[][], targetCol: number): Split {
  const w = rows[0].length - 1;
  const x = new Float32Array(rows.length * w), targets = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    let k = 0;
    r.forEach((v, j) => { if (j === targetCol) targets[i] = v; else x[i * w + k++] = v; });
  });
  return { x, targets, n: rows.length };
}

const AIRFOIL = ['frequency_hz', 'angle_of_attack_deg', 'chord_length_m', 'free_stream_velocity_m_per_s',
  'suction_side_displacement_thickness_m', 'scaled_sound_pressure_level_db'];

export function loadAirfoil(dir: string): Dataset {
  const path = join(dir, 'airfoil_self_noise.dat');
  const t = parseTable(path, readText(path), { delimiter: /\t/, header: false });
  if (t.rows[0]?.length !== 6) throw new DataError(path, `expected 6 tab-separated columns, got ${t.rows[0]?.length ?? 0}`, 'Use the original UCI airfoil_self_noise.dat');
  return { name: 'airfoil', task: 'regression', inputShape: [5], featureNames: AIRFOIL.slice(0, 5),
    train: regressionSplit(numericRows(path, t.rows, AIRFOIL), 5) };
}

export function loadPoker(dir: string): Dataset {
  const path = join(dir, 'poker-hand-training-true.data');
  const names = ['S1', 'C1', 'S2', 'C2', 'S3', 'C3', 'S4', 'C4', 'S5', 'C5', 'CLASS'];
  const rows = numericRows(path, parseTable(path, readText(path), { delimiter: ',', header: false }).rows, names);
  // Suits (1-4) are one-hot encoded; ranks (1-13) stay numeric.
  const w = 5 * 4 + 5;
  const x = new Float32Array(rows.length * w), labels = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    for (let c = 0; c < 5; c++) {
      x[i * w + c * 4 + (r[2 * c] - 1)] = 1;
      x[i * w + 20 + c] = r[2 * c + 1];
    }
    labels[i] = r[10];
  });
  return { name: 'poker', task: 'classification', inputShape: [w], classes: 10, train: { x, labels, n: rows.length } };
}

const ADULT_COLUMNS = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation',
  'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income'];
const ADULT_NUMERIC = new Set(['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week']);

/** Adult/Census: numeric columns as is, categorical one-hot (categories from the training file; "?" = all zeros). */
export function loadAdult(dir: string): Dataset {
  const read = (file: string) => {
    const path = join(dir, file);
    const t = parseTable(path, readText(path), { delimiter: ',', header: false, skip: (l) => l.startsWith('|') });
    if (t.rows[0]?.length !== 15) throw new DataError(path, `expected 15 comma-separated columns, got ${t.rows[0]?.length ?? 0}`, 'Use the original UCI adult.data / adult.test');
    return { path, rows: t.rows };
  };
  const train = read('adult.data'), test = read('adult.test');
  const categories = ADULT_COLUMNS.map((c, j) => (ADULT_NUMERIC.has(c) || c === 'income' ? [] :
    [...new Set(train.rows.map((r) => r[j]).filter((v) => v !== '?'))].sort()));
  const features: string[] = [];
  ADULT_COLUMNS.slice(0, 14).forEach((c, j) => {
    if (ADULT_NUMERIC.has(c)) features.push(c);
    else for (const v of categories[j]) features.push(`${c}=${v}`);
  });
  const encode = ({ path, rows }: { path: string; rows: string[][] }): Split => {
    const w = features.length;
    const x = new Float32Array(rows.length * w), labels = new Int32Array(rows.length);
    rows.forEach((r, i) => {
      let k = 0;
      for (let j = 0; j < 14; j++) {
        if (ADULT_NUMERIC.has(ADULT_COLUMNS[j])) { x[i * w + k++] = parseNumber(path, i + 1, ADULT_COLUMNS[j], r[j]); continue; }
        const pos = categories[j].indexOf(r[j]);
        if (pos >= 0) x[i * w + k + pos] = 1;
        k += categories[j].length;
      }
      const income = r[14].replace(/\.$/, '');  // adult.test ends labels with a period
      if (income !== '>50K' && income !== '<=50K') throw new DataError(`${path}:${i + 1}`, `income is "${r[14]}", expected ">50K" or "<=50K"`, 'Use the original UCI files');
      labels[i] = income === '>50K' ? 1 : 0;
    });
    return { x, labels, n: rows.length };
  };
  return { name: 'adult', task: 'classification', inputShape: [features.length], classes: 2, classNames: ['<=50K', '>50K'],
    featureNames: features, train: encode(train), test: encode(test) };
}

/** Friedman's Add10: y = 10 sin(π x1 x2) + 20 (x3 − 0.5)² + 10 x4 + 5 x5 + N(0, 1), x ~ U[0,1]^10. */
export function generateAdd10(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = rng.uniform([n, 10]).data.slice();
  const noise = rng.normal([n]).data;
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = x.subarray(i * 10, i * 10 + 10);
    targets[i] = 10 * Math.sin(Math.PI * r[0] * r[1]) + 20 * (r[2] - 0.5) ** 2 + 10 * r[3] + 5 * r[4] + noise[i];
  }
  return { name: 'add10', task: 'regression', inputShape: [10], featureNames: Array.from({ length: 10 }, (_, i) => `x${i + 1}`),
    train: { x, targets, n } };
}

/** Cells that mean "no value" in a CSV. */
const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']);

/** Up to five row numbers (file lines) and how many more. */
const rowList = (lines: number[]) => `${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ` and ${lines.length - 5} more` : ''}`;

/**
 * A CSV with a header. A column is numeric when every cell that is not missing ("", NA, NaN, null, ?) is a
 * number; one odd cell never turns it into categories. Missing numeric features are imputed with the column mean
 * and flagged in an added `COLUMN_missing` feature (a warning says so); categorical columns one-hot, a missing
 * cell being its own category. The target must be complete. The task follows the target column's values.
 * `testPath`: a second CSV with the same columns, encoded as the first (its categories, means and classes), kept
 * as the test split.
 */
export function loadCsv(path: string, target: string, task?: Task, testPath?: string): Dataset {
  const t = parseTable(path, readText(path), { delimiter: ',', header: true });
  const header = t.header ?? [];
  const ti = header.indexOf(target);
  if (ti < 0) throw new DataError(path, `no column "${target}" (columns: ${header.join(', ')})`, 'Pass --target with one of these names');
  if (t.rows.length === 0) throw new DataError(path, 'no data rows', 'The file holds only a header');
  const line = (i: number) => i + 2;
  const missing = header.map((_, j) => t.rows.map((r, i) => (MISSING.has(r[j]) ? i : -1)).filter((i) => i >= 0));
  const numeric = header.map((_, j) => t.rows.every((r) => MISSING.has(r[j]) || !Number.isNaN(Number(r[j]))) && missing[j].length < t.rows.length);
  const checkFinite = (file: string, rows: string[][]) => header.forEach((h, j) => {
    if (!numeric[j]) return;
    const bad = rows.findIndex((r) => !MISSING.has(r[j]) && !Number.isFinite(Number(r[j])));
    if (bad >= 0) throw new DataError(`${file}:${line(bad)}`, `column "${h}" holds "${rows[bad][j]}", which is not a finite number`, 'Fix the value (or leave the cell empty to mark it missing)');
  });
  checkFinite(path, t.rows);
  const targetMissing = (file: string, rows: string[][]) => {
    const gone = rows.map((r, i) => (MISSING.has(r[ti]) ? i : -1)).filter((i) => i >= 0);
    if (gone.length) throw new DataError(file, `target "${target}" is missing in row(s) at line ${rowList(gone.map(line))}`, 'Fill in the target or remove those rows');
  };
  targetMissing(path, t.rows);
  if (t.rows.length < 10) throw new DataError(path, `only ${t.rows.length} data row(s); at least 10 are needed to hold out validation and test rows`, 'Add rows');
  const kind: Task = task ?? (numeric[ti] ? 'regression' : 'classification');
  const warnings: string[] = [];
  const means = header.map((h, j) => {
    if (!numeric[j] || j === ti) return Number.NaN;
    const present = t.rows.filter((r) => !MISSING.has(r[j])).map((r) => Number(r[j]));
    const m = present.reduce((a, b) => a + b, 0) / present.length;
    if (missing[j].length) warnings.push(`${path}: column "${h}" is missing in ${missing[j].length} row(s) (line ${rowList(missing[j].map(line))}); imputed with its mean ${Number(m.toPrecision(6))}, flagged in feature "${h}_missing"`);
    return m;
  });
  const cats = header.map((_, j) => (numeric[j] ? [] : [...new Set(t.rows.map((r) => r[j]))].sort()));
  const features: string[] = [];
  header.forEach((h, j) => {
    if (j === ti) return;
    if (numeric[j]) { features.push(h); if (missing[j].length) features.push(`${h}_missing`); } else for (const v of cats[j]) features.push(`${h}=${v}`);
  });
  const w = features.length;
  /** Features of `rows` in the first file's encoding; a category the first file lacks is all zeros, a missing number its mean there. */
  const encode = (rows: string[][]): Float32Array => {
    const x = new Float32Array(rows.length * w);
    rows.forEach((r, i) => {
      let k = 0;
      r.forEach((c, j) => {
        if (j === ti) return;
        if (numeric[j]) {
          const absent = MISSING.has(c);
          x[i * w + k++] = absent ? means[j] : Number(c);
          if (missing[j].length) x[i * w + k++] = absent ? 1 : 0;
        } else {
          const at = cats[j].indexOf(c);
          if (at >= 0) x[i * w + k + at] = 1;
          k += cats[j].length;
        }
      });
    });
    return x;
  };
  const test = testPath === undefined ? undefined : readTestRows(testPath, header);
  if (test) { checkFinite(testPath!, test); targetMissing(testPath!, test); }
  const base = { name: `csv:${path}`, task: kind, inputShape: [w], featureNames: features, ...(warnings.length ? { warnings } : {}) };
  if (kind === 'regression') {
    if (!numeric[ti]) throw new DataError(path, `target "${target}" is not numeric`, 'Use --task classification');
    const split = (rows: string[][]) => ({ x: encode(rows), targets: Float32Array.from(rows, (r) => Number(r[ti])), n: rows.length });
    return { ...base, train: split(t.rows), ...(test ? { test: split(test) } : {}) };
  }
  const classNames = numeric[ti] ? [...new Set(t.rows.map((r) => r[ti]))].sort((a, b) => Number(a) - Number(b)) : cats[ti];
  if (classNames.length < 2) throw new DataError(path, `target "${target}" has one class ("${classNames[0]}") in every row`, 'A classifier needs at least two classes: check the target column');
  const unseen = test?.findIndex((r) => !classNames.includes(r[ti])) ?? -1;
  if (unseen >= 0) throw new DataError(`${testPath}:${line(unseen)}`, `target "${target}" is "${test![unseen][ti]}", a class the training file ${path} never has (classes: ${classNames.join(', ')})`, 'Remove those rows or add examples of that class to the training file');
  const split = (rows: string[][]) => ({ x: encode(rows), labels: Int32Array.from(rows, (r) => classNames.indexOf(r[ti])), n: rows.length });
  return { ...base, classes: classNames.length, classNames, train: split(t.rows), ...(test ? { test: split(test) } : {}) };
}

/** The rows of a test CSV, its columns reordered to `header`; every column of `header` must be there. */
function readTestRows(path: string, header: string[]): string[][] {
  const t = parseTable(path, readText(path), { delimiter: ',', header: true });
  const own = t.header ?? [];
  const absent = header.filter((h) => !own.includes(h));
  if (absent.length) throw new DataError(path, `no column${absent.length > 1 ? 's' : ''} ${absent.map((h) => `"${h}"`).join(', ')}, which the training file has`, 'Give the test file the same columns as the training file');
  if (t.rows.length === 0) throw new DataError(path, 'no data rows', 'The file holds only a header');
  const at = header.map((h) => own.indexOf(h));
  return t.rows.map((r) => at.map((j) => r[j]));
}
