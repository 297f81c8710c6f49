/** Options shared by `shrinkAndCompare` and `shrinkStudy`: how λ decays, the learning-rate shape, switch rate, settling. */
import { OptionError, shown, choiceOption, intOption, numberOption } from '../core/option-error.js';
import { type LrSchedule, cosine } from '../optim/schedules.js';
import { DEFAULT_COMPRESS, JOURNAL_START_WIDTHS } from './compress.js';

export interface ShrinkSettingsOptions {
  /** λ is divided by this every epoch (or every `lambdaDecayEvery` batches); 1 keeps it constant. */
  lambdaDecay?: number;
  lambdaDecayEvery?: number;
  /** constant (default), or cosine: anneal the learning rate to 0 over the time budget, for the compressed and the fixed network alike. */
  lrSchedule?: 'constant' | 'cosine';
  /** The switches' learning rate as a multiple of the weights'. */
  switchLrScale?: number;
  /** The last fraction of the budget trains without penalty or surgery. */
  settle?: number;
}

export interface ShrinkSettings { lambdaDecay: number; lambdaDecayEvery?: number; lrSchedule: 'constant' | 'cosine'; timeSchedule?: LrSchedule; switchLr: number; settleFraction: number }

export function shrinkSettings(o: ShrinkSettingsOptions, lr: number): ShrinkSettings {
  const lrSchedule = choiceOption(o.lrSchedule, 'lrSchedule', ['constant', 'cosine'] as const, 'constant');
  return {
    lambdaDecay: numberOption(o.lambdaDecay, 'lambdaDecay', DEFAULT_COMPRESS.lambdaDecay, (v) => v >= 1, 'a number >= 1'),
    lambdaDecayEvery: o.lambdaDecayEvery === undefined ? undefined : intOption(o.lambdaDecayEvery, 'lambdaDecayEvery', 1, 1),
    lrSchedule, timeSchedule: lrSchedule === 'cosine' ? cosine(lr, 1) : undefined,
    switchLr: numberOption(o.switchLrScale, 'switchLrScale', 1, (v) => v > 0, 'a positive number'),
    settleFraction: numberOption(o.settle, 'settle', 0, (v) => v >= 0 && v < 1, 'a fraction in [0, 1)'),
  };
}

/** The start: `arch` as given, or `layers` hidden layers of `startWidth` (the journal's start widths by default), or one layer of 2000. */
export function startArch(o: { arch?: string; layers?: number; startWidth?: number }, inSize: number, outSize: number): string {
  if (o.arch !== undefined) {
    if (o.layers !== undefined || o.startWidth !== undefined) throw new OptionError(['arch', o.layers !== undefined ? 'layers' : 'startWidth'], 'pass either an architecture or the layers and start width, not both');
    return o.arch;
  }
  const layers = intOption(o.layers, 'layers', 1, 1);
  if (layers > 4) throw new OptionError('layers', `got ${shown(layers)}; expected 1 to 4 hidden layers`);
  const width = intOption(o.startWidth, 'startWidth', o.layers !== undefined ? JOURNAL_START_WIDTHS[layers] : 2000, 1);
  return `mlp:${[inSize, ...new Array<number>(layers).fill(width), outSize].join('-')}`;
}
