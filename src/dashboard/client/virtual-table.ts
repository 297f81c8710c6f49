/**
 * A table that draws only the rows in view: a fixed row height, a spacer as
 * tall as all rows, and a few row elements moved and refilled on scroll. Tens
 * of thousands of rows cost no more to show than forty; sorting reorders an
 * index array of precomputed keys.
 */
import { h } from './dom.js';

export interface Column<T> {
  label: string;
  /** A CSS grid track (e.g. "60px", "2fr"). */
  width: string;
  text(row: T): string;
  /** What the column sorts by (numbers before text; null last). */
  key(row: T): number | string | null;
}

const ROW_HEIGHT = 24;

export class VirtualTable<T> {
  readonly element: HTMLElement;
  private rows: T[] = [];
  private order: number[] = [];
  private sortColumn = -1;
  private descending = false;
  private predicate: (row: T) => boolean = () => true;
  private readonly spacer: HTMLElement;
  private readonly head: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private selected: T | null = null;
  private frame = 0;

  constructor(private readonly columns: Column<T>[], private readonly onSelect: (row: T) => void) {
    const template = columns.map((c) => c.width).join(' ');
    this.head = h('div', { class: 'head' });
    this.head.style.gridTemplateColumns = template;
    columns.forEach((c, i) => {
      const cell = h('div', { class: 'cell', title: `sort by ${c.label}`, onclick: () => this.sortBy(i) }, c.label);
      this.head.appendChild(cell);
    });
    this.spacer = h('div');
    this.element = h('div', { class: 'vtable' }, this.head, this.spacer);
    this.element.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** Replaces the rows; the sort and filter in force apply to them. */
  setRows(rows: T[]): void {
    this.rows = rows;
    this.reorder();
  }

  setFilter(predicate: (row: T) => boolean): void {
    this.predicate = predicate;
    this.reorder();
  }

  /** Sorts by a column; the same column again flips the direction. */
  sortBy(column: number, descending?: boolean): void {
    this.descending = descending ?? (column === this.sortColumn ? !this.descending : false);
    this.sortColumn = column;
    this.head.querySelectorAll('.cell').forEach((cell, i) => {
      cell.textContent = this.columns[i].label + (i === column ? (this.descending ? ' ▼' : ' ▲') : '');
    });
    this.reorder();
  }

  get shown(): number { return this.order.length; }

  private reorder(): void {
    const idx: number[] = [];
    for (let i = 0; i < this.rows.length; i++) if (this.predicate(this.rows[i])) idx.push(i);
    if (this.sortColumn >= 0) {
      const col = this.columns[this.sortColumn];
      const keys = this.rows.map((r) => col.key(r));
      const sign = this.descending ? -1 : 1;
      idx.sort((a, b) => {
        const x = keys[a], y = keys[b];
        if (x === y) return a - b;
        if (x === null) return 1;
        if (y === null) return -1;
        if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
        if (typeof x === 'number') return -1;
        if (typeof y === 'number') return 1;
        return sign * (x < y ? -1 : 1);
      });
    }
    this.order = idx;
    this.spacer.style.height = `${idx.length * ROW_HEIGHT}px`;
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /** Fills the row elements for the rows now in view. */
  render(): void {
    const top = Math.max(0, this.element.scrollTop - ROW_HEIGHT);
    const first = Math.floor(top / ROW_HEIGHT);
    const count = Math.min(this.order.length - first, Math.ceil((this.element.clientHeight || 420) / ROW_HEIGHT) + 2);
    while (this.pool.length < count) {
      const row = h('div', { class: 'row' });
      row.style.gridTemplateColumns = this.head.style.gridTemplateColumns;
      for (let c = 0; c < this.columns.length; c++) row.appendChild(h('div', { class: 'cell' }));
      row.addEventListener('click', () => {
        const i = Number(row.dataset.index);
        if (Number.isInteger(i) && this.rows[i] !== undefined) { this.selected = this.rows[i]; this.render(); this.onSelect(this.rows[i]); }
      });
      this.spacer.appendChild(row);
      this.pool.push(row);
    }
    this.pool.forEach((row, k) => {
      if (k >= count) { row.style.display = 'none'; return; }
      const i = this.order[first + k];
      const data = this.rows[i];
      row.style.display = '';
      row.style.top = `${ROW_HEIGHT * (first + k) + ROW_HEIGHT}px`;
      row.dataset.index = String(i);
      row.classList.toggle('selected', data === this.selected);
      const cells = row.children;
      for (let c = 0; c < this.columns.length; c++) {
        const text = this.columns[c].text(data);
        if (cells[c].textContent !== text) cells[c].textContent = text;
      }
    });
  }
}
