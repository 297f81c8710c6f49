/**
 * Objectives of a study: named metrics with a direction. A trial's result is a
 * record of metrics; its value vector picks the objectives' metrics in order.
 */
import { OptionError } from '../core/option-error.js';
import type { Direction } from '../store/store.js';

export type { Direction };
export interface Objective { readonly name: string; readonly direction: Direction }

/** Parses "valid:max,params:min" (a bare name means max). */
export function parseObjectives(text: string, where = 'objectives'): Objective[] {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new OptionError(where, `got "${text}"; expected NAME:max|min[,NAME:max|min…], e.g. valid:max,params:min`);
  const objectives = parts.map((part) => {
    const [name, direction = 'max', extra] = part.split(':');
    if (!name || extra !== undefined || (direction !== 'max' && direction !== 'min')) {
      throw new OptionError(where, `"${part}" is not NAME:max or NAME:min (e.g. valid:max,params:min)`);
    }
    return { name, direction } as Objective;
  });
  const names = objectives.map((o) => o.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new OptionError(where, `objective "${twice}" is named twice`);
  return objectives;
}

export const formatObjectives = (objs: readonly Objective[]): string => objs.map((o) => `${o.name}:${o.direction}`).join(',');

/** Values turned so that larger is better in every coordinate. */
export const oriented = (objs: readonly Objective[], values: readonly number[]): number[] =>
  values.map((v, i) => (objs[i].direction === 'max' ? v : -v));

/** a dominates b: no worse in every objective and better in one (NaN is worst). */
export function dominates(objs: readonly Objective[], a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < objs.length; i++) {
    const x = objs[i].direction === 'max' ? a[i] : -a[i], y = objs[i].direction === 'max' ? b[i] : -b[i];
    const xs = Number.isNaN(x) ? -Infinity : x, ys = Number.isNaN(y) ? -Infinity : y;
    if (xs < ys) return false;
    if (xs > ys) better = true;
  }
  return better;
}
