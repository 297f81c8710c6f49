/** Delimited text tables (CSV, TSV, the UCI formats) with row/column-aware errors. */
import { readFileSync } from 'node:fs';
import { DataError } from './errors.js';

export interface TextTable { header: string[] | null; rows: string[][] }

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new DataError(path, 'file not found', 'Check --data-dir / TOPIARY_DATA or the path you passed');
  }
}

export interface ParseOptions {
  delimiter: RegExp | string;
  header: boolean;
  /** Lines to ignore (e.g. Adult's "|1x3 Cross validator"). */
  skip?: (line: string) => boolean;
}

export function parseTable(path: string, text: string, opts: ParseOptions): TextTable {
  const lines = text.split(/\r?\n/);
  let header: string[] | null = null;
  const rows: string[][] = [];
  let width = -1;
  lines.forEach((line, i) => {
    if (line.trim() === '' || opts.skip?.(line)) return;
    const cells = line.split(opts.delimiter).map((c) => c.trim());
    if (opts.header && header === null) { header = cells; width = cells.length; return; }
    if (width < 0) width = cells.length;
    if (cells.length !== width) {
      throw new DataError(`${path}:${i + 1}`, `row has ${cells.length} fields, expected ${width}`, 'Fix or remove the ragged row');
    }
    rows.push(cells);
  });
  return { header, rows };
}

export function parseNumber(path: string, line: number, column: string, cell: string): number {
  const v = Number(cell);
  if (cell === '' || !Number.isFinite(v)) {
    throw new DataError(`${path}:${line}`, `column "${column}" holds "${cell}", expected a number`, 'Fix the value or mark the column as categorical');
  }
  return v;
}
