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

/**
 * Records of a delimited text: with a one-character string delimiter, RFC 4180 quoting (fields in double quotes
 * may hold the delimiter, line breaks and "" for a quote); with a pattern (tabs, runs of spaces), plain lines.
 * CRLF line ends and a UTF-8 byte-order mark are accepted. Each record keeps its first line's number.
 */
function records(path: string, text: string, delimiter: RegExp | string): { line: number; raw: string; cells: string[] }[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (typeof delimiter !== 'string' || delimiter.length !== 1) {
    return body.split(/\r?\n/).map((raw, i) => ({ line: i + 1, raw, cells: raw.split(delimiter) }));
  }
  const out: { line: number; raw: string; cells: string[] }[] = [];
  let cells: string[] = [], cell = '', quoted = false, wasQuoted = false, line = 1, start = 1, raw = '';
  const endCell = () => { cells.push(wasQuoted ? cell : cell.trim()); cell = ''; wasQuoted = false; };
  const endRecord = () => { endCell(); out.push({ line: start, raw, cells }); cells = []; raw = ''; start = line; };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else { if (ch === '\n') line++; cell += ch; }
      raw += ch;
      continue;
    }
    if (ch === '"' && cell.trim() === '') { quoted = true; wasQuoted = true; cell = ''; raw += ch; continue; }
    if (ch === delimiter) { endCell(); raw += ch; continue; }
    if (ch === '\r' && body[i + 1] === '\n') continue;
    if (ch === '\n') { line++; endRecord(); continue; }
    if (wasQuoted && ch.trim() !== '') throw new DataError(`${path}:${line}`, `text after a closing quote (${JSON.stringify(cell.slice(0, 20))}…)`, 'Quote the whole field and write a quote inside it as ""');
    cell += ch;
    raw += ch;
  }
  if (quoted) throw new DataError(`${path}:${start}`, 'a quoted field is never closed', 'Close the field with a double quote');
  if (raw !== '' || cells.length > 0 || cell !== '') endRecord();
  return out;
}

export function parseTable(path: string, text: string, opts: ParseOptions): TextTable {
  let header: string[] | null = null;
  const rows: string[][] = [];
  let width = -1;
  for (const { line, raw, cells: rawCells } of records(path, text, opts.delimiter)) {
    if (raw.trim() === '' || opts.skip?.(raw)) continue;
    const cells = rawCells.map((c) => c.trim());
    if (opts.header && header === null) { header = cells; width = cells.length; continue; }
    if (width < 0) width = cells.length;
    if (cells.length !== width) {
      throw new DataError(`${path}:${line}`, `row has ${cells.length} fields, expected ${width}`, 'Fix or remove the ragged row (a field holding the delimiter must be in double quotes)');
    }
    rows.push(cells);
  }
  return { header, rows };
}

export function parseNumber(path: string, line: number, column: string, cell: string): number {
  const v = Number(cell);
  if (cell === '' || !Number.isFinite(v)) {
    throw new DataError(`${path}:${line}`, `column "${column}" holds "${cell}", expected a number`, 'Fix the value or mark the column as categorical');
  }
  return v;
}
