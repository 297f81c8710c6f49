/** The dashboard page: routes (#/, #/study/ID, #/run/ID) to views, and fills the header's totals. */
import type { Overview } from '../payloads.js';
import { getJson, h, poll } from './dom.js';
import { homePage } from './home-page.js';
import { showTotals, type View, type ViewFactory } from './page.js';
import { runPage } from './run-page.js';
import { studyPage } from './study-page.js';

const ROUTES: [RegExp, ViewFactory][] = [
  [/^#\/study\/(\d+)$/, studyPage],
  [/^#\/run\/(\d+)$/, runPage],
  [/^(#\/?)?$/, homePage],
];

let current: View | null = null;

function route(): void {
  current?.stop();
  const main = document.getElementById('main')!;
  main.replaceChildren();
  delete document.body.dataset.ready;
  const hash = location.hash;
  for (const [re, view] of ROUTES) {
    const m = re.exec(hash);
    if (m) { current = view(main, Number(m[1] ?? 0)); return; }
  }
  current = null;
  main.replaceChildren(h('p', { class: 'error' }, `no page "${hash}"`), h('a', { href: '#/' }, 'back to the studies'));
}

window.addEventListener('hashchange', route);
route();
// The header's totals on pages other than the first (which refreshes them itself), after the page's own first load.
const refreshTotals = () => { if (location.hash.length > 2) void getJson<Overview>('/api/overview').then((o) => showTotals(o.totals, o.store), () => {}); };
setTimeout(refreshTotals, 500);
poll(5000, async () => refreshTotals(), () => {});
