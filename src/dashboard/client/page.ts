/** What every view of the page shares: how it is mounted and stopped, how it says it is drawn, and the header totals. */
import type { Totals } from '../payloads.js';

export interface View { stop(): void }
export type ViewFactory = (main: HTMLElement, id: number) => View;

declare global {
  interface Window {
    /** For tests and timing: when each view was first completely drawn, and when each live trial arrived. */
    topiary: { ready: Record<string, number>; arrivals: Record<number, number> };
  }
}
window.topiary = { ready: {}, arrivals: {} };

/**
 * Records that the view is completely drawn (table, charts, header), for tests and timing: two frames on, since
 * the charts are created in the first frame's resize callbacks (once their panels have a width) and drawn then.
 */
export function markReady(view: string): void {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    window.topiary.ready[view] = performance.now();
    document.body.dataset.ready = view;
  }));
}

export function showTotals(t: Totals, store: string): void {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  document.getElementById('totals')!.textContent = `${count(t.studies, 'study', 'studies')} · ${count(t.runs, 'run', 'runs')} · ${count(t.trials, 'trial', 'trials')}`;
  document.getElementById('store')!.textContent = store;
}
