/**
 * Line and scatter charts on uPlot (bundled with the server, loaded as a
 * global script): canvas drawing, so tens of thousands of points stay quick.
 */
import type uPlotType from 'uplot';
import { fmtNumber, h } from './dom.js';

const UPlot = (globalThis as unknown as { uPlot: typeof uPlotType }).uPlot;

const PALETTE = ['#2f6f4f', '#c2410c', '#1d4ed8', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d'];
export const colour = (i: number): string => PALETTE[i % PALETTE.length];

export interface SeriesSpec {
  label: string;
  /** line (default), points only, or a step line (best-so-far). */
  style?: 'line' | 'points' | 'step';
  colour?: string;
}

export interface ChartSpec {
  title: string;
  x: string;
  /** x holds Unix seconds. */
  time?: boolean;
  y?: string;
  series: SeriesSpec[];
  height?: number;
  /** A log y axis (e.g. a penalty weight that decays over orders of magnitude). */
  logY?: boolean;
  /** Shown instead of the chart when it has no series. */
  empty?: string;
}

export interface Chart { readonly element: HTMLElement; update(data: (number | null)[][]): void; destroy(): void }

/** A chart in a panel; data are columns: x first (ascending), then one column per series (null: no value there). */
export function chart(spec: ChartSpec, data: (number | null)[][]): Chart {
  const plotHost = h('div');
  const element = h('div', { class: 'panel chart' }, h('h2', null, spec.title), spec.series.length === 0 && spec.empty ? h('p', { class: 'muted' }, spec.empty) : plotHost);
  const series: uPlotType.Series[] = [{ label: spec.x }, ...spec.series.map((s, i): uPlotType.Series => {
    const stroke = s.colour ?? colour(i);
    if (s.style === 'points') return { label: s.label, stroke, paths: () => null, points: { show: true, size: 3, stroke, fill: stroke } };
    return { label: s.label, stroke, width: 1.5, spanGaps: true, points: { show: false }, ...(s.style === 'step' ? { paths: UPlot.paths.stepped!({ align: 1 }) } : {}) };
  })];
  let plot: uPlotType | null = null;
  let pending = data;
  // uPlot needs its width: the chart is created once the panel is in the page and has one.
  const create = () => {
    const width = Math.max(280, plotHost.clientWidth || 400);
    plot = new UPlot({
      width, height: spec.height ?? 220, series, legend: { show: true },
      scales: { x: { time: spec.time ?? false }, y: spec.logY ? { distr: 3 } : {} },
      axes: [{ label: spec.x }, { label: spec.y ?? '', size: 60, values: (_u, splits) => splits.map((v) => fmtNumber(v)) }],
      cursor: { drag: { x: true, y: false } },
    }, pending as uPlotType.AlignedData, plotHost);
  };
  const observer = new ResizeObserver(() => {
    if (!plot && plotHost.clientWidth > 0) create();
    else if (plot && plotHost.clientWidth > 0 && Math.abs(plot.width - plotHost.clientWidth) > 4) plot.setSize({ width: plotHost.clientWidth, height: spec.height ?? 220 });
  });
  observer.observe(plotHost);
  return {
    element,
    update(next) { pending = next; plot?.setData(next as uPlotType.AlignedData); },
    destroy() { observer.disconnect(); plot?.destroy(); },
  };
}
