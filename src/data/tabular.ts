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

/** A CSV with a header; numeric columns as is, others one-hot; the task follows the target column's values. */
export function loadCsv(path: string, target: string, task?: Task): Dataset {
  const t = parseTable(path, readText(path), { delimiter: ',', header: true });
  const header = t.header ?? [];
  const ti = header.indexOf(target);
  if (ti < 0) throw new DataError(path, `no column "${target}" (columns: ${header.join(', ')})`, 'Pass --target with one of these names');
  if (t.rows.length === 0) throw new DataError(path, 'no data rows', 'The file holds only a header');
  const numeric = header.map((_, j) => t.rows.every((r) => r[j] !== '' && Number.isFinite(Number(r[j]))));
  const kind: Task = task ?? (numeric[ti] ? 'regression' : 'classification');
  const cats = header.map((_, j) => (numeric[j] ? [] : [...new Set(t.rows.map((r) => r[j]))].sort()));
  const features: string[] = [];
  header.forEach((h, j) => { if (j !== ti) { if (numeric[j]) features.push(h); else for (const v of cats[j]) features.push(`${h}=${v}`); } });
  const w = features.length, n = t.rows.length;
  const x = new Float32Array(n * w);
  t.rows.forEach((r, i) => {
    let k = 0;
    r.forEach((c, j) => {
      if (j === ti) return;
      if (numeric[j]) x[i * w + k++] = Number(c);
      else { x[i * w + k + cats[j].indexOf(c)] = 1; k += cats[j].length; }
    });
  });
  const base = { name: `csv:${path}`, task: kind, inputShape: [w], featureNames: features };
  if (kind === 'regression') {
    if (!numeric[ti]) throw new DataError(path, `target "${target}" is not numeric`, 'Use --task classification');
    return { ...base, train: { x, targets: Float32Array.from(t.rows, (r) => Number(r[ti])), n } };
  }
  const classNames = numeric[ti] ? [...new Set(t.rows.map((r) => r[ti]))].sort((a, b) => Number(a) - Number(b)) : cats[ti];
  return { ...base, classes: classNames.length, classNames,
    train: { x, labels: Int32Array.from(t.rows, (r) => classNames.indexOf(r[ti])), n } };
}
