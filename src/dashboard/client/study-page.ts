/**
 * A study: its trials in a table that stays quick at tens of thousands of
 * rows, best-so-far over trials and over time, intermediate curves, parallel
 * coordinates of the architecture choices against the objectives, the Pareto
 * front (two or more objectives), and any trial's architecture drawn. Trials
 * that finish while the page is open arrive within a second or two.
 */
import type { StudyPayload, TrialDetail, TrialItem } from '../payloads.js';
import { drawArchitecture } from './arch-view.js';
import { type Chart, chart } from './charts.js';
import { append, badge, facts, fmtNumber, fmtTime, getJson, h, jsonBlock, poll, seconds } from './dom.js';
import { markReady, type View } from './page.js';
import { ParallelCoordinates } from './parallel-coordinates.js';
import { type Column, VirtualTable } from './virtual-table.js';
import { bestSoFar, paretoColumns, predictionColumns, trialCurves } from './study-series.js';
import { pheromoneTable } from './pheromone-table.js';

type Study = StudyPayload['study'];

function columns(study: Study): Column<TrialItem>[] {
  return [
    { label: '#', width: '60px', text: (t) => String(t.number), key: (t) => t.number },
    { label: 'state', width: '90px', text: (t) => t.state, key: (t) => t.state },
    ...study.objectives.map((o, k): Column<TrialItem> => ({
      label: `${o.name} (${o.direction})`, width: '110px', text: (t) => fmtNumber(t.values?.[k]), key: (t) => t.values?.[k] ?? null,
    })),
    { label: 'architecture', width: 'minmax(240px, 3fr)', text: (t) => t.arch, key: (t) => t.arch },
    { label: 'seconds', width: '80px', text: (t) => fmtNumber(seconds(t.startedAt, t.finishedAt)), key: (t) => seconds(t.startedAt, t.finishedAt) },
    { label: 'finished', width: '150px', text: (t) => fmtTime(t.finishedAt), key: (t) => t.finishedAt },
    { label: 'worker', width: 'minmax(120px, 1fr)', text: (t) => t.worker ?? '', key: (t) => t.worker },
  ];
}

/** One trial's intermediate metrics over its steps, a line per metric. */
function intermediateChart(d: TrialDetail): Chart {
  const rows = [...d.intermediate].sort((a, b) => a.step - b.step);
  const names = [...new Set(rows.flatMap((i) => Object.keys(i.metrics)))];
  return chart({ title: `Trial ${d.number}: intermediate values`, x: 'step', series: names.map((label) => ({ label })) },
    [rows.map((i) => i.step), ...names.map((n) => rows.map((i) => i.metrics[n] ?? null))]);
}

export function studyPage(main: HTMLElement, id: number): View {
  const trials = new Map<number, TrialItem>();
  let cursor = 0, study: Study | null = null;
  let table: VirtualTable<TrialItem> | null = null;
  const charts: Chart[] = [];
  let pc: ParallelCoordinates | null = null;
  const header = h('div'), detail = h('div', { class: 'panel', id: 'trial-detail' }, h('p', { class: 'muted' }, 'Click a trial to see its architecture.'));
  const chartGrid = h('div', { class: 'grid' });
  const count = h('span', { class: 'muted', id: 'trial-count' });

  const showError = (e: Error) => header.replaceChildren(h('p', { class: 'error' }, e.message));

  let detailChart: Chart | null = null;
  async function select(t: TrialItem) {
    const d = await getJson<TrialDetail>(`/api/study/${id}/trial/${t.number}`);
    detailChart?.destroy();
    detailChart = d.intermediate.length ? intermediateChart(d) : null;
    detail.replaceChildren();
    append(detail, [
      h('h2', null, `Trial ${d.number}`),
      facts([['state', badge(d.state)], ['values', (d.values ?? []).map(fmtNumber).join(', ')], ['architecture', d.arch], ...lineage(d),
        ...(d.error ? [['error', h('span', { class: 'error' }, d.error)] as [string, HTMLElement]] : [])]),
      d.drawing ? drawArchitecture(d.drawing) : h('p', { class: 'muted' }, 'This space does not say how to draw its architectures.'),
      d.files.length ? h('p', null, 'Downloads: ', ...d.files.flatMap((f) => [h('a', { href: f.url, download: '' }, f.label), ' '])) : null,
      detailChart?.element,
      h('details', null, h('summary', null, 'attributes'), jsonBlock(d.attrs))]);
  }

  /**
   * A trial that started from another's weights: a link to the parent, which opens it here, and how — the steps
   * taken (morphism search) or the leading nodes whose weights it reused (DeepSwarm).
   */
  function lineage(d: TrialDetail): [string, HTMLElement][] {
    const parent = d.attrs.parent;
    if (typeof parent !== 'number') return [];
    const steps = Array.isArray(d.attrs.steps) ? d.attrs.steps.map((x) => JSON.stringify(x)).join(', ') : '';
    const link = h('a', { href: '#', id: 'parent-trial', onclick: (e: Event) => { e.preventDefault(); void select({ number: parent } as TrialItem); } }, `trial ${parent}`);
    if (typeof d.attrs.reuseNodes === 'number') return [['weights from', h('span', null, link, ` (its first ${d.attrs.reuseNodes} node${d.attrs.reuseNodes === 1 ? '' : 's'})`)]];
    return [['grown from', h('span', null, link, steps ? ` by ${steps}` : '')]];
  }

  function renderHeader(s: Study) {
    const all = [...trials.values()];
    const by = (state: string) => all.filter((t) => t.state === state).length;
    header.replaceChildren(
      h('h1', null, s.name),
      facts([
        ['status', h('span', null, badge(s.status), ' ', s.liveness === 'finished' ? null : badge(s.liveness))],
        ['trials of', s.source], ['strategy', s.strategy ?? ''],
        ['objectives', s.objectives.map((o) => `${o.name} (${o.direction})`).join(', ')],
        ['trials', `${by('completed')} completed, ${by('running')} running, ${by('waiting')} waiting, ${by('pruned')} pruned, ${by('failed')} failed`],
        ['started', fmtTime(s.createdAt)], ['finished', fmtTime(s.finishedAt)],
      ]),
      h('details', null, h('summary', null, 'configuration'), jsonBlock(s.config)));
  }

  function build(s: Study) {
    table = new VirtualTable(columns(s), (t) => { void select(t).catch(showError); });
    const filter = h('input', { type: 'search', placeholder: 'filter: architecture, state or #', id: 'trial-filter' });
    filter.addEventListener('input', () => {
      const q = filter.value.trim().toLowerCase();
      table!.setFilter(q ? (t) => t.arch.toLowerCase().includes(q) || t.state === q || String(t.number) === q : () => true);
      count.textContent = `${table!.shown} of ${trials.size} trials`;
    });
    const first = s.objectives[0];
    const maximise = first?.direction !== 'min';
    charts.push(chart({ title: 'Best so far, by trial', x: 'trials finished', y: first?.name, series: [{ label: 'trial', style: 'points', colour: '#9aa0a8' }, { label: 'best so far', style: 'step' }] }, [[], [], []]));
    charts.push(chart({ title: 'Best so far, over time', x: 'time', time: true, y: first?.name, series: [{ label: 'best so far', style: 'step' }] }, [[], []]));
    charts.push(chart({ title: 'Intermediate values (best 20 trials)', x: 'step', y: first?.name, series: [] }, [[]]));
    if (s.objectives.length >= 2) {
      charts.push(chart({ title: `Pareto front: ${s.objectives[0].name} against ${s.objectives[1].name}`, x: s.objectives[0].name, y: s.objectives[1].name,
        series: [{ label: 'trial', style: 'points', colour: '#9aa0a8' }, { label: 'front', style: 'line' }] }, [[], [], []]));
    }
    pc = new ParallelCoordinates(s.objectives.map((o) => o.name), maximise);
    chartGrid.replaceChildren(...charts.map((c) => c.element), pc.element);
    main.replaceChildren(header, h('h2', null, 'Trials'), h('div', { class: 'toolbar' }, filter, count), table.element, h('h2', null, 'Charts'), chartGrid, h('h2', null, 'Trial'), detail);
  }

  let curveSeries = -1;
  let predictionChart: Chart | null = null;
  function refreshCharts(s: Study) {
    const done = [...trials.values()].filter((t) => t.state === 'completed' && t.values !== null);
    const maximise = s.objectives[0]?.direction !== 'min';
    const best = bestSoFar(done, maximise);
    charts[0].update([best.index, best.value, best.best]);
    charts[1].update([best.time, best.bestAtTime]);
    const curves = trialCurves(done, maximise, 20);
    // A different number of curves needs a new chart (uPlot fixes its series at creation).
    if (curves.labels.length !== curveSeries) {
      curveSeries = curves.labels.length;
      const replacement = chart({ title: 'Intermediate values (best 20 trials)', x: 'step', y: s.objectives[0]?.name, series: curves.labels.map((label) => ({ label })),
        empty: 'No trial reported intermediate values (table lookups at one fidelity have none).' }, curves.data);
      charts[2].destroy();
      charts[2].element.replaceWith(replacement.element);
      charts[2] = replacement;
    } else charts[2].update(curves.data);
    if (s.objectives.length >= 2) charts[3].update(paretoColumns(done, s.objectives));
    pc!.update(done.filter((t) => t.features).map((t) => ({ features: t.features!, values: t.values! })));
    const predicted = predictionColumns(done);
    // Only studies of model-based strategies (BANANAS) carry predictions: the chart appears with the first.
    if (predicted[0].length > 0 && !predictionChart) {
      predictionChart = chart({ title: `Predicted against observed ${s.objectives[0].name}`, x: 'predicted', y: 'observed',
        series: [{ label: 'trial', style: 'points' }, { label: 'predicted = observed', style: 'line', colour: '#9aa0a8' }] }, predicted);
      predictionChart.element.id = 'prediction-chart';
      chartGrid.append(predictionChart.element);
    } else predictionChart?.update(predicted);
    // DeepSwarm's studies keep the pheromone table with the ant after each global update: the latest is shown.
    const latest = [...trials.values()].filter((t) => t.pheromone).sort((a, b) => b.number - a.number)[0];
    if (latest && latest.number !== pheromoneShown) {
      pheromoneShown = latest.number;
      const table = pheromoneTable(latest.pheromone!, latest.number, latest.round);
      const old = chartGrid.parentElement?.querySelector('#pheromone');
      if (old) old.replaceWith(table); else chartGrid.after(h('h2', null, 'Pheromone'), table);
    }
  }
  let pheromoneShown = -1;

  let chartsDue = 0, chartTimer: ReturnType<typeof setTimeout> | undefined;
  /** Charts redraw at most once a second, however fast trials arrive; a change inside that second is drawn at its end, not dropped. */
  function scheduleCharts() {
    const wait = chartsDue - performance.now();
    if (wait <= 0) { refreshCharts(study!); chartsDue = performance.now() + 1000; return; }
    chartTimer ??= setTimeout(() => { chartTimer = undefined; refreshCharts(study!); chartsDue = performance.now() + 1000; }, wait);
  }

  function merge(payload: StudyPayload): boolean {
    let changed = false;
    for (const t of payload.trials) {
      const before = trials.get(t.number);
      if (before && before.state === t.state && before.finishSeq === t.finishSeq) continue;
      if (before?.finishSeq == null && t.finishSeq !== null && cursor > 0) window.topiary.arrivals[t.number] = Date.now();
      trials.set(t.number, t);
      changed = true;
    }
    cursor = payload.cursor;
    study = payload.study;
    if (changed) {
      table!.setRows([...trials.values()]);
      count.textContent = `${table!.shown} of ${trials.size} trials`;
      scheduleCharts();
    }
    return changed;
  }

  const load = async () => {
    const payload = await getJson<StudyPayload>(`/api/study/${id}?since=${cursor}`);
    if (!table) build(payload.study);
    merge(payload);
    renderHeader(payload.study);
  };
  void load().then(() => {
    if (study) refreshCharts(study);
    markReady('study');
  }, showError);
  const poller = poll(1000, async () => { if (table) await load(); }, showError);
  return { stop() { poller.stop(); clearTimeout(chartTimer); for (const c of charts) c.destroy(); detailChart?.destroy(); predictionChart?.destroy(); } };
}
