/**
 * A run: its settings, result and files, and its per-epoch metrics as charts.
 * Metrics named PREFIX.PART share a chart (a shrink run's size.0, size.1, …:
 * its layer sizes over epochs, next to its loss and accuracy); an evolve run
 * also lists its formula over epochs.
 */
import type { RunPayload } from '../payloads.js';
import { type Chart, chart } from './charts.js';
import { append, badge, facts, fmtTime, getJson, h, jsonBlock, poll } from './dom.js';
import { markReady, type View } from './page.js';

type Series = RunPayload['series'][number];

/** Charts by metric group, named and ordered by what they show. */
const GROUP_TITLES: Record<string, string> = {
  size: 'Layer sizes', ops: 'Ops in the network', loss: 'Loss', train: 'Training', valid: 'Validation', test: 'Test', lambda: 'Penalty weight λ', fitness: 'Fitness',
  champion: 'Champion', population: 'Population', weights: 'Weights', lr: 'Learning rate',
};

function groups(series: Series[]): { title: string; key: string; series: Series[] }[] {
  const byKey = new Map<string, Series[]>();
  for (const s of series) {
    // Losses share a chart (training beside validation); each other group is its first name segment.
    const key = /^\w+\.loss(\.m\d+)?$/.test(s.name) ? 'loss' : s.name.split('.')[0];
    byKey.set(key, [...(byKey.get(key) ?? []), s]);
  }
  const rank = (k: string) => { const i = Object.keys(GROUP_TITLES).indexOf(k); return i < 0 ? 99 : i; };
  return [...byKey].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1)).map(([key, s]) => ({ key, title: GROUP_TITLES[key] ?? key, series: s }));
}

/** One chart's columns: the union of epochs, then each series (null where it has no value). */
function columns(series: Series[]): (number | null)[][] {
  const epochs = [...new Set(series.flatMap((s) => s.epochs))].sort((a, b) => a - b);
  const at = new Map(epochs.map((e, i) => [e, i]));
  return [epochs, ...series.map((s) => { const col: (number | null)[] = epochs.map(() => null); s.epochs.forEach((e, i) => { col[at.get(e)!] = s.values[i]; }); return col; })];
}

interface FormulaStep { epoch: number; ops: number; formula: string | null }

function formulaTable(summary: Record<string, unknown> | null): HTMLElement | null {
  const steps = summary?.formulas;
  if (!Array.isArray(steps) || !steps.length) return null;
  return h('div', { class: 'panel' }, h('h2', null, 'Formula over epochs'), h('table', { class: 'list', id: 'formulas' },
    h('thead', null, h('tr', null, h('th', null, 'epoch'), h('th', null, 'ops'), h('th', null, 'formula'))),
    h('tbody', null, ...(steps as FormulaStep[]).map((f) => h('tr', null, h('td', null, String(f.epoch)), h('td', null, String(f.ops)), h('td', { class: 'wrap' }, f.formula ?? '(too many ops to write out)'))))));
}

export function runPage(main: HTMLElement, id: number): View {
  const charts = new Map<string, Chart>();
  let last = '';
  const chartGrid = h('div', { class: 'grid', id: 'run-charts' });
  const info = h('div');
  const render = (p: RunPayload) => {
    const text = JSON.stringify(p);
    if (text === last) return;
    last = text;
    const r = p.run;
    info.replaceChildren();
    append(info, [
      h('h1', null, `Run ${r.id}: ${r.experiment}`),
      facts([['kind', r.kind], ['status', h('span', null, badge(r.status), ' ', r.liveness === 'finished' ? null : badge(r.liveness))], ['started', fmtTime(r.startedAt)],
        ['finished', fmtTime(r.finishedAt)], ['result', r.headline], ['process', r.worker ?? '']]),
      r.error ? h('p', { class: 'error' }, r.error) : null,
      p.files.length ? h('p', null, 'Downloads: ', ...p.files.flatMap((f) => [h('a', { href: f.url, download: '' }, f.label), ' '])) : null,
      h('h2', null, 'Settings'), jsonBlock(r.params),
      r.summary ? h('details', null, h('summary', null, 'Summary'), jsonBlock(r.summary)) : null,
      formulaTable(r.summary),
      h('h2', null, 'Per epoch'),
      p.series.length ? null : h('p', { class: 'muted' }, 'This run recorded no per-epoch metrics.'),
    ]);
    for (const g of groups(p.series)) {
      const id = `${g.key}:${g.series.map((s) => s.name).join(',')}`;
      const existing = charts.get(id);
      if (existing) existing.update(columns(g.series));
      else {
        const c = chart({ title: g.title, x: 'epoch', series: g.series.map((s) => ({ label: s.name })), logY: g.key === 'lambda' }, columns(g.series));
        charts.set(id, c);
        chartGrid.appendChild(c.element);
      }
    }
  };
  main.replaceChildren(info, chartGrid);
  const showError = (e: Error) => info.replaceChildren(h('p', { class: 'error' }, e.message));
  void getJson<RunPayload>(`/api/run/${id}`).then((p) => { render(p); markReady('run'); }, showError);
  const poller = poll(1000, async () => { if (last && !last.includes('"liveness":"live"')) return; render(await getJson<RunPayload>(`/api/run/${id}`)); }, showError);
  return { stop() { poller.stop(); for (const c of charts.values()) c.destroy(); } };
}
