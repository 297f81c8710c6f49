/** Tabular benchmarks: an architecture string per row with validation/test results and a training cost. */
import { DataError } from '../data/errors.js';
import { parseTable, readText } from '../data/text-table.js';

export interface TabularEntry { valid: number; test: number; cost: number }
export interface TabularBenchmark { readonly name: string; readonly size: number; lookup(arch: string): TabularEntry }

export interface TabularColumns { archCol: string; validCol: string; testCol: string; costCol: string }

export function loadTabular(path: string, cols: TabularColumns, name = `tabular:${path}`): TabularBenchmark {
  const t = parseTable(path, readText(path), { delimiter: ',', header: true });
  const header = t.header ?? [];
  const idx = Object.fromEntries(Object.entries(cols).map(([k, c]) => {
    const i = header.indexOf(c);
    if (i < 0) throw new DataError(path, `no column "${c}" for ${k} (columns: ${header.join(', ')})`, `Pass --${k.replace('Col', '-col')} with one of these`);
    return [k, i];
  })) as Record<keyof TabularColumns, number>;
  const table = new Map<string, TabularEntry>();
  t.rows.forEach((r, line) => {
    const num = (k: keyof TabularColumns) => {
      const v = Number(r[idx[k]]);
      if (!Number.isFinite(v)) throw new DataError(`${path}:${line + 2}`, `column "${cols[k]}" holds "${r[idx[k]]}", expected a number`, 'Fix the row');
      return v;
    };
    table.set(r[idx.archCol], { valid: num('validCol'), test: num('testCol'), cost: num('costCol') });
  });
  return {
    name, size: table.size,
    lookup(arch) {
      const e = table.get(arch);
      if (!e) throw new Error(`${name}: architecture "${arch}" is not in the table`);
      return e;
    },
  };
}
