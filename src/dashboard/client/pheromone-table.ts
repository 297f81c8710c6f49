/**
 * DeepSwarm's pheromone as a table: one row per choice (a transition "conv → pool" or an attribute value
 * "conv filters = 32"), one column per depth, each cell shaded by its pheromone against the largest in the table.
 * The table is the one kept with the latest ant that walked right after a global update.
 */
import { h } from './dom.js';

/** "3 conv>pool" → depth 3, "conv → pool"; "2 conv.filters=32" → depth 2, "conv filters = 32". */
function parseKey(key: string): { depth: number; choice: string } | null {
  const m = /^(\d+) (.+)$/.exec(key);
  if (!m) return null;
  const choice = m[2].includes('>') ? m[2].replace('>', ' → ') : m[2].replace('.', ' ').replace('=', ' = ');
  return { depth: Number(m[1]), choice };
}

export function pheromoneTable(snapshot: Record<string, number>, trial: number, round: number | null): HTMLElement {
  const cells = new Map<string, Map<number, number>>();
  let deepest = 0, largest = 0;
  for (const [key, value] of Object.entries(snapshot)) {
    const k = parseKey(key);
    if (!k || !Number.isFinite(value)) continue;
    if (!cells.has(k.choice)) cells.set(k.choice, new Map());
    cells.get(k.choice)!.set(k.depth, value);
    deepest = Math.max(deepest, k.depth);
    largest = Math.max(largest, value);
  }
  const depths = Array.from({ length: deepest }, (_, i) => i + 1);
  const rows = [...cells.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([choice, byDepth]) => h('tr', null, h('th', null, choice), ...depths.map((d) => {
    const v = byDepth.get(d);
    const td = h('td', { title: v === undefined ? 'not walked yet (start value)' : String(v) }, v === undefined ? '' : v.toFixed(3));
    if (v !== undefined && largest > 0) td.style.background = `rgba(37, 99, 235, ${(0.85 * v / largest).toFixed(3)})`;
    return td;
  })));
  return h('div', { id: 'pheromone', class: 'pheromone' },
    h('p', null, `Pheromone per depth as ant ${trial}${round === null ? '' : ` of round ${round}`} found it (darker: more; the most likely choices of the next ants).`),
    h('table', { class: 'pheromone-table' }, h('thead', null, h('tr', null, h('th', null, 'choice'), ...depths.map((d) => h('th', null, `depth ${d}`)))), h('tbody', null, ...rows)));
}
