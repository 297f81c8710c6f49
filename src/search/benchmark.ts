/**
 * Tabular benchmarks: an architecture string per row with its validation and
 * test results and training cost, at one or more fidelities (e.g. after 12
 * and after 200 epochs), so searches and pruners can be compared without
 * training. Test and cost are read at the highest fidelity.
 */
import { DataError } from '../data/errors.js';
import { parseTable, readText } from '../data/text-table.js';

export interface TabularEntry { valid: number; test: number; cost: number }

export interface TabularBenchmark {
  readonly name: string;
  readonly size: number;
  /** The fidelity steps, ascending (e.g. epochs [12, 200]); one step for a single-fidelity table. */
  readonly steps: readonly number[];
  /** Validation, test and cost at the highest fidelity. */
  lookup(arch: string): TabularEntry;
  /** Validation and cost at one fidelity step. */
  at(arch: string, step: number): { valid: number; cost: number };
  /** The worst value of a metric over the whole table at the highest fidelity (for hypervolume reference points). */
  worst(metric: 'valid' | 'test' | 'cost'): number;
  /** The mean cost of a highest-fidelity evaluation. */
  readonly meanCost: number;
  /** Where it was read from (so a worker elsewhere can read it again). */
  readonly spec: readonly FidelityColumns[];
}

/** One fidelity's columns in one file; test only where the file has it; without a cost column every evaluation costs 0. */
export interface FidelityColumns { file: string; step: number; archCol: string; validCol: string; costCol?: string; testCol?: string }

type Row = { valid: number; cost: number; test?: number };

function readFidelity(c: FidelityColumns): Map<string, Row> {
  const t = parseTable(c.file, readText(c.file), { delimiter: ',', header: true });
  const header = t.header ?? [];
  const wanted: [string, string | undefined][] = [['archCol', c.archCol], ['validCol', c.validCol], ['costCol', c.costCol], ['testCol', c.testCol]];
  const idx: Record<string, number> = {};
  for (const [k, col] of wanted) {
    if (col === undefined) continue;
    const i = header.indexOf(col);
    if (i < 0) throw new DataError(c.file, `no column "${col}" for ${k} (columns: ${header.join(', ')})`, `Pass --${k.replace('Col', '-col')} with one of these`);
    idx[k] = i;
  }
  const rows = new Map<string, Row>();
  t.rows.forEach((r, line) => {
    const num = (k: string) => {
      const v = Number(r[idx[k]]);
      if (!Number.isFinite(v)) throw new DataError(`${c.file}:${line + 2}`, `column "${header[idx[k]]}" holds "${r[idx[k]]}", expected a number`, 'Fix the row');
      return v;
    };
    rows.set(r[idx.archCol], { valid: num('validCol'), cost: c.costCol !== undefined ? num('costCol') : 0, ...(c.testCol !== undefined ? { test: num('testCol') } : {}) });
  });
  return rows;
}

export function loadTabularFidelities(name: string, fidelities: FidelityColumns[]): TabularBenchmark {
  if (fidelities.length === 0) throw new Error(`${name}: no fidelity columns`);
  const sorted = [...fidelities].sort((a, b) => a.step - b.step);
  const steps = sorted.map((f) => f.step);
  if (steps.some((s, i) => !(s > 0) || (i > 0 && s === steps[i - 1]))) throw new Error(`${name}: fidelity steps must be positive and distinct, got ${steps.join(', ')}`);
  const tables = sorted.map(readFidelity);
  const top = tables[tables.length - 1];
  const topCols = sorted[sorted.length - 1];
  if (topCols.testCol === undefined) throw new Error(`${name}: the highest fidelity needs a test column`);
  for (const [i, t] of tables.entries()) {
    const missing = [...top.keys()].find((a) => !t.has(a));
    if (missing) throw new DataError(sorted[i].file, `architecture "${missing}" of the highest fidelity has no row at step ${steps[i]}`, 'Give every fidelity the same architectures');
  }
  const row = (arch: string, k: number) => {
    const e = tables[k].get(arch);
    if (!e) throw new Error(`${name}: architecture "${arch}" is not in the table`);
    return e;
  };
  const worstOf = (metric: 'valid' | 'test' | 'cost') => {
    let w = metric === 'cost' ? -Infinity : Infinity;
    for (const e of top.values()) w = metric === 'cost' ? Math.max(w, e.cost) : Math.min(w, e[metric]!);
    return w;
  };
  let costSum = 0;
  for (const e of top.values()) costSum += e.cost;
  return {
    name, size: top.size, steps, meanCost: costSum / top.size, spec: sorted,
    lookup(arch) { const e = row(arch, tables.length - 1); return { valid: e.valid, test: e.test!, cost: e.cost }; },
    at(arch, step) {
      const k = steps.indexOf(step);
      if (k < 0) throw new Error(`${name}: no fidelity ${step} (have ${steps.join(', ')})`);
      const e = row(arch, k);
      return { valid: e.valid, cost: e.cost };
    },
    worst: worstOf,
  };
}

export interface TabularColumns { archCol: string; validCol: string; testCol: string; costCol?: string }

/** A single-fidelity table. */
export function loadTabular(path: string, cols: TabularColumns, name = `tabular:${path}`): TabularBenchmark {
  return loadTabularFidelities(name, [{ file: path, step: 1, ...cols }]);
}
