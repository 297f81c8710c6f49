/**
 * An architecture drawn as SVG: a cell as vertices in a row with one arc per
 * edge labelled by its op (edges whose op drops them are dashed and grey), or
 * a stack of layers as boxes whose length grows with their width.
 */
import type { ArchDrawing } from '../../arch/drawing.js';
import { colour } from './charts.js';
import { svg } from './dom.js';

const DROPPED = new Set(['none', 'zero']);

export function drawArchitecture(d: ArchDrawing): SVGElement {
  return d.kind === 'cell' ? drawCell(d) : drawStack(d);
}

function drawCell(d: Extract<ArchDrawing, { kind: 'cell' }>): SVGElement {
  const gap = 150, r = 14, width = 60 + gap * (d.nodes - 1);
  const bendOf = (span: number) => (span === 1 ? 0 : 30 + 35 * (span - 1));
  // A quadratic arc reaches half its control point's offset: that, plus room for a label, above and below.
  const half = Math.max(...d.edges.map((e) => bendOf(e.to - e.from)), 0) / 2 + 30, mid = half, height = 2 * half;
  const ops = [...new Set(d.edges.map((e) => e.op))];
  const root = svg('svg', { class: 'arch', width, height, viewBox: `0 0 ${width} ${height}` });
  const x = (v: number) => 30 + v * gap;
  d.edges.forEach((e, i) => {
    const span = e.to - e.from;
    // Arcs alternate above and below the row so long edges do not hide short ones.
    const bend = (i % 2 === 0 ? -1 : 1) * bendOf(span);
    const x1 = x(e.from), x2 = x(e.to), cx = (x1 + x2) / 2, cy = mid + bend;
    const dropped = DROPPED.has(e.op);
    const stroke = dropped ? '#b8bcc4' : colour(ops.indexOf(e.op));
    root.appendChild(svg('path', { d: `M ${x1} ${mid} Q ${cx} ${cy} ${x2} ${mid}`, fill: 'none', stroke, 'stroke-width': 2, ...(dropped ? { 'stroke-dasharray': '4 3' } : {}) }));
    const ly = span === 1 ? mid - 6 - 12 * (i % 2) : mid + bend / 2;
    root.appendChild(svg('text', { x: cx, y: ly, 'text-anchor': 'middle', fill: stroke }, e.op));
  });
  for (let v = 0; v < d.nodes; v++) {
    root.appendChild(svg('circle', { cx: x(v), cy: mid, r, fill: '#fff', stroke: '#1d2330', 'stroke-width': 1.5 }));
    root.appendChild(svg('text', { x: x(v), y: mid + 4, 'text-anchor': 'middle' }, v === 0 ? 'in' : v === d.nodes - 1 ? 'out' : String(v)));
  }
  return root;
}

function drawStack(d: Extract<ArchDrawing, { kind: 'stack' }>): SVGElement {
  const rowH = 34, width = 420, maxW = Math.max(...d.layers.map((l) => l.width), 1);
  const rows = ['input', ...d.layers.map((l) => `${l.op} · ${l.width}`), 'output'];
  const root = svg('svg', { class: 'arch', width, height: rows.length * rowH + 10, viewBox: `0 0 ${width} ${rows.length * rowH + 10}` });
  rows.forEach((label, i) => {
    const layer = i > 0 && i <= d.layers.length ? d.layers[i - 1] : null;
    const w = layer ? 120 + 240 * (Math.log2(layer.width + 1) / Math.log2(maxW + 1)) : 100;
    const y = 5 + i * rowH;
    if (i > 0) root.appendChild(svg('line', { x1: width / 2, y1: y - 8, x2: width / 2, y2: y, stroke: '#9aa0a8' }));
    root.appendChild(svg('rect', { x: (width - w) / 2, y, width: w, height: rowH - 10, rx: 4, fill: layer ? '#e3f0e8' : '#f3f4f6', stroke: '#2f6f4f' }));
    root.appendChild(svg('text', { x: width / 2, y: y + 16, 'text-anchor': 'middle' }, label));
  });
  return root;
}
