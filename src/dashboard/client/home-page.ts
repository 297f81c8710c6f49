/** The first page: every study and every run in the store, refreshed while any is live. */
import type { Overview, RunItem, StudyItem } from '../payloads.js';
import { badge, fmtNumber, fmtTime, getJson, h, poll } from './dom.js';
import { markReady, showTotals, type View } from './page.js';

const status = (s: string, liveness: string) => h('span', null, badge(s), ' ', liveness === 'finished' ? null : badge(liveness));

function studiesTable(studies: StudyItem[]): HTMLElement {
  if (!studies.length) return h('p', { class: 'muted' }, 'No studies yet: topiary search and topiary autofit record theirs here.');
  return h('table', { class: 'list', id: 'studies' },
    h('thead', null, h('tr', null, ...['study', 'trials of', 'strategy', 'status', 'started', 'trials', 'best'].map((c) => h('th', null, c)))),
    h('tbody', null, ...studies.map((s) => {
      const total = Object.values(s.trials).reduce((a, b) => a + b, 0);
      return h('tr', null,
        h('td', { class: 'wrap' }, h('a', { href: `#/study/${s.id}` }, s.name)), h('td', null, s.source), h('td', null, s.strategy ?? ''),
        h('td', null, status(s.status, s.liveness)), h('td', null, fmtTime(s.createdAt)),
        h('td', null, `${s.trials.completed} / ${total}`),
        h('td', null, s.best === null ? '' : `${s.objectives[0]?.name ?? ''} ${fmtNumber(s.best)}`));
    })));
}

function runsTable(runs: RunItem[]): HTMLElement {
  if (!runs.length) return h('p', { class: 'muted' }, 'No runs yet: train, shrink, evolve, search and autofit record theirs here.');
  return h('table', { class: 'list', id: 'runs' },
    h('thead', null, h('tr', null, ...['run', 'experiment', 'kind', 'status', 'started', 'finished', 'result'].map((c) => h('th', null, c)))),
    h('tbody', null, ...runs.map((r) => h('tr', null,
      h('td', null, h('a', { href: `#/run/${r.id}` }, String(r.id))), h('td', { class: 'wrap' }, r.experiment), h('td', null, r.kind),
      h('td', null, status(r.status, r.liveness)), h('td', null, fmtTime(r.startedAt)), h('td', null, fmtTime(r.finishedAt)), h('td', null, r.headline)))));
}

export function homePage(main: HTMLElement): View {
  let last = '';
  const render = (o: Overview) => {
    const text = JSON.stringify(o);
    if (text === last) return;
    last = text;
    showTotals(o.totals, o.store);
    main.replaceChildren(h('h1', null, 'Studies'), studiesTable(o.studies), h('h1', null, 'Runs'), runsTable(o.runs));
  };
  const showError = (e: Error) => main.replaceChildren(h('p', { class: 'error' }, e.message));
  void getJson<Overview>('/api/overview').then((o) => { render(o); markReady('home'); }, showError);
  return poll(2000, async () => render(await getJson<Overview>('/api/overview')), showError);
}
