/**
 * A genome drawn as SVG: inputs in the left column, then each node in the
 * column of its depth (the longest path from an input), outputs in the right
 * column; enabled connections as lines, coloured by the sign of their weight
 * (grey for a weight-agnostic network, whose weights are all one shared
 * value). Inputs no enabled connection uses are left out, so a 256-pixel
 * network shows only the pixels it reads.
 */
import { PALETTE } from '../report/svg-chart.js';
import { type Genome, checkGenome, nodeDepths } from './genome.js';

/** How far (px) a connection that skips columns bends at most. */
const MAX_BEND = 80;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface GenomeDrawingOptions { title?: string; inputNames?: string[]; weightAgnostic?: boolean }

export function genomeDrawing(g: Genome, o: GenomeDrawingOptions = {}): string {
  checkGenome(g);
  const enabled = g.connections.filter((c) => c.enabled), used = new Set(enabled.flatMap((c) => [c.from, c.to]));
  const depth = nodeDepths(g), last = Math.max(...depth.values());
  const shown = g.nodes.filter((n) => n.kind === 'output' || n.kind === 'hidden' || used.has(n.id));
  const columns: number[][] = Array.from({ length: last + 1 }, () => []);
  for (const n of shown) columns[depth.get(n.id)!].push(n.id);
  const rows = Math.max(...columns.map((c) => c.length)), W = 160 + 130 * last, H = Math.max(160, 70 + 26 * rows);
  const place = new Map<number, [number, number]>();
  columns.forEach((col, d) => col.forEach((id, k) => place.set(id, [80 + (d * (W - 160)) / last, 50 + ((k + 0.5) * (H - 70)) / col.length])));
  const node = new Map(g.nodes.map((n) => [n.id, n]));
  const inputIndex = new Map(g.nodes.filter((n) => n.kind === 'input').map((n, k) => [n.id, k]));
  const label = (id: number) => {
    const n = node.get(id)!;
    if (n.kind === 'input') return o.inputNames?.[inputIndex.get(id)!] ?? `x${inputIndex.get(id)}`;
    if (n.kind === 'bias') return 'bias';
    return n.kind === 'output' ? `out ${n.activation}` : n.activation;
  };
  // The view grows to hold the bent connections (a quadratic curve reaches halfway to its control point).
  let top = 0, bottom = H;
  const lines = enabled.map((c) => {
    const [x1, y1] = place.get(c.from)!, [x2, y2] = place.get(c.to)!;
    const colour = o.weightAgnostic ? '#888' : c.weight >= 0 ? PALETTE[0] : PALETTE[1];
    const width = o.weightAgnostic ? 1 : Math.min(4, 0.5 + Math.abs(c.weight));
    // A connection that skips columns bends, alternately up and down, so it is not hidden behind the nodes in between.
    const span = Math.round((depth.get(c.to)! - depth.get(c.from)!)), bend = span > 1 ? (c.innovation % 2 ? 1 : -1) * 16 * (span - 1) : 0;
    const cx = (x1 + x2) / 2, cy = (y1 + y2) / 2 + Math.max(-MAX_BEND, Math.min(MAX_BEND, bend));
    top = Math.min(top, (cy + Math.min(y1, y2)) / 2 - 12); bottom = Math.max(bottom, (cy + Math.max(y1, y2)) / 2 + 12);
    return `<path d="M${x1.toFixed(1)},${y1.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}" fill="none" stroke="${colour}" stroke-width="${width.toFixed(2)}" opacity="0.7"/>`;
  });
  const fill = { input: '#ddd', bias: '#ddd', hidden: '#ffe9b3', output: '#cde3f7' } as const;
  const circles = shown.map((n) => {
    const [x, y] = place.get(n.id)!, anchor = n.kind === 'input' || n.kind === 'bias' ? 'end' : 'start', dx = anchor === 'end' ? -10 : 10;
    return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="7" fill="${fill[n.kind]}" stroke="#333"/><text x="${(x + dx).toFixed(1)}" y="${(y - 9).toFixed(1)}" font-size="11" text-anchor="${anchor}">${esc(label(n.id))}</text>`;
  });
  const hidden = shown.filter((n) => n.kind === 'hidden').length;
  const title = o.title ?? `${enabled.length} connections, ${hidden} hidden nodes`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${(bottom - top).toFixed(0)}" viewBox="0 ${top.toFixed(0)} ${W} ${(bottom - top).toFixed(0)}" font-family="sans-serif">`
    + `<rect x="0" y="${top.toFixed(0)}" width="100%" height="100%" fill="white"/><text x="${W / 2}" y="22" font-size="14" text-anchor="middle">${esc(title)}</text>`
    + lines.join('') + circles.join('') + '</svg>';
}
