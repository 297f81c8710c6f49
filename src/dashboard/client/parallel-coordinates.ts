/**
 * Parallel coordinates on a canvas: one vertical axis per architecture
 * decision (categories spread evenly) and per objective (min to max), one
 * line per completed trial, coloured by its rank in the first objective
 * (dark: worse, bright: better). Thousands of lines draw in one pass.
 */
import { h } from './dom.js';

export interface PcRow { features: Record<string, string | number>; values: number[] }

type Axis = { name: string; position(row: PcRow): number; ticks: [string, number][] };

function axesOf(rows: PcRow[], objectives: string[]): Axis[] {
  const axes: Axis[] = [];
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.features)))];
  for (const name of names) {
    // A feature some architectures lack (a layer a shallower stack does not have) is the category "–".
    const value = (r: PcRow) => r.features[name] ?? '–';
    const seen = [...new Set(rows.map(value))];
    if (seen.every((v) => typeof v === 'number')) {
      const nums = seen as number[];
      const lo = Math.min(...nums), hi = Math.max(...nums);
      axes.push({ name, position: (r) => (hi === lo ? 0.5 : ((r.features[name] as number) - lo) / (hi - lo)), ticks: [[String(lo), 0], [String(hi), 1]] });
    } else {
      const cats = seen.map(String).sort();
      const at = (v: unknown) => (cats.length === 1 ? 0.5 : cats.indexOf(String(v)) / (cats.length - 1));
      axes.push({ name, position: (r) => at(value(r)), ticks: cats.map((c) => [c, at(c)]) });
    }
  }
  objectives.forEach((name, k) => {
    let lo = Infinity, hi = -Infinity;
    for (const r of rows) { const v = r.values[k]; if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
    axes.push({ name, position: (r) => (hi === lo ? 0.5 : (r.values[k] - lo) / (hi - lo)), ticks: Number.isFinite(lo) ? [[lo.toPrecision(4), 0], [hi.toPrecision(4), 1]] : [] });
  });
  return axes;
}

/** Dark blue (0) to yellow (1). */
function ramp(t: number, alpha: number): string {
  const c = [[40, 30, 110], [30, 120, 140], [80, 180, 90], [240, 210, 40]];
  const x = Math.min(0.999, Math.max(0, t)) * (c.length - 1), i = Math.floor(x), f = x - i;
  const mix = (k: number) => Math.round(c[i][k] + (c[i + 1][k] - c[i][k]) * f);
  return `rgba(${mix(0)},${mix(1)},${mix(2)},${alpha})`;
}

export class ParallelCoordinates {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private rows: PcRow[] = [];

  constructor(private readonly objectives: string[], private readonly maximiseFirst: boolean) {
    this.canvas = h('canvas', { class: 'pc' });
    this.element = h('div', { class: 'panel' }, h('h2', null, 'Architecture choices against objectives'), this.canvas);
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  update(rows: PcRow[]): void { this.rows = rows; this.draw(); }

  private draw(): void {
    const { canvas } = this;
    const width = canvas.clientWidth, height = canvas.clientHeight;
    if (!width || !height) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = width * dpr; canvas.height = height * dpr;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, width, height);
    const rows = this.rows;
    if (!rows.length) { ctx.fillStyle = '#6b7280'; ctx.fillText('no completed trials yet', 10, 20); return; }
    const axes = axesOf(rows, this.objectives);
    const left = 40, right = width - 60, top = 28, bottom = height - 18;
    const xs = axes.map((_, i) => (axes.length === 1 ? (left + right) / 2 : left + (i * (right - left)) / (axes.length - 1)));
    const y = (p: number) => bottom - p * (bottom - top);
    const first = axes.length - this.objectives.length;
    const alpha = Math.max(0.04, Math.min(0.6, 30 / rows.length));
    // Coloured by rank, not value, so one very bad trial does not wash every other line into one colour; worst drawn first, best on top.
    const scored = rows.map((r) => ({ r, t: axes[first]?.position(r) ?? 0.5 })).sort((a, b) => (this.maximiseFirst ? a.t - b.t : b.t - a.t));
    ctx.lineWidth = 1;
    for (const [rank, { r }] of scored.entries()) {
      ctx.strokeStyle = ramp(scored.length > 1 ? rank / (scored.length - 1) : 1, alpha);
      ctx.beginPath();
      axes.forEach((a, i) => { const p = a.position(r); if (i === 0) ctx.moveTo(xs[i], y(p)); else ctx.lineTo(xs[i], y(p)); });
      ctx.stroke();
    }
    ctx.strokeStyle = '#333'; ctx.fillStyle = '#1d2330'; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center';
    const tickText = (a: Axis) => a.ticks.map(([label]) => label).join('\n');
    axes.forEach((a, i) => {
      ctx.beginPath(); ctx.moveTo(xs[i], top); ctx.lineTo(xs[i], bottom); ctx.stroke();
      ctx.fillText(a.name, xs[i], top - 12);
      ctx.textAlign = 'left';
      // Axes with the same categories as the one before (every edge of a cell) are labelled once.
      if (i === 0 || tickText(a) !== tickText(axes[i - 1])) for (const [label, p] of a.ticks) ctx.fillText(label, xs[i] + 3, y(p) + 4);
      ctx.textAlign = 'center';
    });
  }
}
