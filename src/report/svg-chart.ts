/**
 * Dependency-free SVG charts: lines and points over linear or log axes, an
 * optional second y axis, and histograms with overlaid curves.
 */

export interface Series {
  name: string; x: number[]; y: number[]; color?: string; points?: boolean; dashed?: boolean; rightAxis?: boolean;
  /** Half-width of a shaded band around y (e.g. one standard deviation over seeds). */
  band?: number[];
  /** false: points only (a scatter). */
  line?: boolean;
}
export interface ChartOptions { title: string; xLabel: string; yLabel: string; y2Label?: string; logX?: boolean; width?: number; height?: number }

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(1) : Number(v.toPrecision(3)).toString());

function extent(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite), hi = Math.max(...finite);
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  return [lo, hi];
}

export function lineChart(series: Series[], o: ChartOptions): string {
  // The right margin holds half of the last x label ("2.2e+6" is ~40 px wide at 12 px) or the second axis.
  const W = o.width ?? 720, H = o.height ?? 420, L = 70, R = o.y2Label ? 70 : 32, T = 40, B = 50;
  const tx = (v: number) => (o.logX ? Math.log2(v) : v);
  const [x0, x1] = extent(series.flatMap((s) => s.x.map(tx)));
  const axisRange = (right: boolean) => extent(series.filter((s) => !!s.rightAxis === right)
    .flatMap((s) => (s.band ? s.y.flatMap((v, i) => [v - s.band![i], v + s.band![i]]) : s.y)));
  const [y0, y1] = axisRange(false), [z0, z1] = axisRange(true);
  const px = (v: number) => L + ((tx(v) - x0) / (x1 - x0)) * (W - L - R);
  const py = (v: number, right: boolean) => {
    const [a, b] = right ? [z0, z1] : [y0, y1];
    return H - B - ((v - a) / (b - a)) * (H - T - B);
  };
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`, `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/>`, `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`];
  for (let i = 0; i <= 5; i++) {
    const xv = x0 + ((x1 - x0) * i) / 5, label = o.logX ? fmt(2 ** xv) : fmt(xv);
    const x = L + ((W - L - R) * i) / 5;
    parts.push(`<line x1="${x}" y1="${H - B}" x2="${x}" y2="${H - B + 5}" stroke="black"/><text x="${x}" y="${H - B + 18}" text-anchor="middle">${label}</text>`);
    const y = H - B - ((H - T - B) * i) / 5;
    parts.push(`<line x1="${L - 5}" y1="${y}" x2="${L}" y2="${y}" stroke="black"/><text x="${L - 8}" y="${y + 4}" text-anchor="end">${fmt(y0 + ((y1 - y0) * i) / 5)}</text>`);
    if (o.y2Label) parts.push(`<text x="${W - R + 8}" y="${y + 4}">${fmt(z0 + ((z1 - z0) * i) / 5)}</text>`);
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}${o.logX ? ' (log scale)' : ''}</text>`);
  parts.push(`<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  if (o.y2Label) {
    parts.push(`<line x1="${W - R}" y1="${T}" x2="${W - R}" y2="${H - B}" stroke="black"/>`);
    parts.push(`<text transform="translate(${W - 12} ${(T + H - B) / 2}) rotate(90)" text-anchor="middle">${esc(o.y2Label)}</text>`);
  }
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const pts = s.x.map((x, i) => [px(x), py(s.y[i], !!s.rightAxis)] as const).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    if (s.band) {
      const edge = (sign: number) => s.x.map((x, i) => `${px(x).toFixed(1)},${py(s.y[i] + sign * s.band![i], !!s.rightAxis).toFixed(1)}`);
      parts.push(`<polygon fill="${color}" fill-opacity="0.15" stroke="none" points="${[...edge(1), ...edge(-1).reverse()].join(' ')}"/>`);
    }
    if (pts.length > 1 && s.line !== false) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`);
    if (s.points) for (const [a, b] of pts) parts.push(`<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3" fill="${color}"/>`);
    parts.push(`<rect x="${L + 12}" y="${T + 6 + 16 * k}" width="12" height="3" fill="${color}"/><text x="${L + 30}" y="${T + 11 + 16 * k}">${esc(s.name)}${s.rightAxis ? ' (right axis)' : ''}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Histogram (as density) of `values` with optional density curves drawn over it. */
export function histogramChart(values: number[], bins: number, curves: { name: string; pdf: (x: number) => number }[], o: ChartOptions): string {
  const [lo, hi] = extent(values);
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  const density = counts.map((c) => c / (values.length * width));
  const xs: number[] = [], ys: number[] = [];
  density.forEach((d, i) => { xs.push(lo + i * width, lo + (i + 1) * width); ys.push(d, d); });
  const grid = Array.from({ length: 200 }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / 200);
  const series: Series[] = [{ name: `histogram (${values.length} neurons)`, x: xs, y: ys, color: '#999999' },
    ...curves.map((c) => ({ name: c.name, x: grid, y: grid.map((g) => Math.min(c.pdf(g), Math.max(...density) * 3)) }))];
  return lineChart(series, o);
}
