/**
 * Building the page's elements. Text from the store (names, architecture
 * strings, error messages) only ever becomes text nodes, never markup, so a
 * name such as <img onerror=…> shows as those characters.
 */
type Child = Node | string | number | null | undefined | false;

export interface Props {
  id?: string;
  class?: string;
  href?: string;
  title?: string;
  placeholder?: string;
  type?: string;
  value?: string;
  download?: string;
  onclick?: (e: MouseEvent) => void;
  oninput?: (e: Event) => void;
  onchange?: (e: Event) => void;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined) continue;
    if (typeof v === 'function') (el as unknown as Record<string, unknown>)[k] = v;
    else if (k === 'href') el.setAttribute('href', safeHref(String(v)));
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Links go to the page's own routes and downloads only. */
function safeHref(href: string): string {
  return /^(#\/|\/files\/)/.test(href) ? href : '#/';
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: (SVGElement | string)[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

export const badge = (text: string, kind = text): HTMLElement => h('span', { class: `badge ${kind}` }, text);

export function facts(pairs: [string, Child][]): HTMLElement {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of pairs) append(dl, [h('dt', null, k), h('dd', null, v)]);
  return dl;
}

export const jsonBlock = (value: unknown): HTMLElement => h('pre', { class: 'json' }, JSON.stringify(value, null, 1));

export function fmtNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  // Trailing zeros after the decimal point only: 12340 stays 12340.
  const trim = (s: string) => s.replace(/(\.\d*?)0+(?=$|e)/, '$1').replace(/\.(?=$|e)/, '');
  return trim(a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : v.toPrecision(5));
}

export function fmtTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function seconds(from: string | null, to: string | null): number | null {
  return from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;
}

/** The page's JSON, or an error naming what failed. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { cache: 'no-store' });
  if (!res.ok) throw new Error(res.status === 404 ? `not found: ${path}` : `${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Calls `tick` now and then every `ms` until stopped; a failed tick is shown once and retried. */
export function poll(ms: number, tick: () => Promise<void>, onError: (e: Error) => void): { stop(): void } {
  let stopped = false, timer: ReturnType<typeof setTimeout> | undefined;
  const loop = async () => {
    try { await tick(); } catch (e) { if (!stopped) onError(e as Error); }
    if (!stopped) timer = setTimeout(() => { void loop(); }, ms);
  };
  timer = setTimeout(() => { void loop(); }, ms);
  return { stop() { stopped = true; clearTimeout(timer); } };
}
