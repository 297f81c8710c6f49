/** Optimizers and learning-rate schedules by name, as options and files spell them. */
import { lookup } from '../core/registry.js';
import type { Parameter } from '../nn/parameter.js';
import { Adam, AdamW } from './adam.js';
import { AdaMax } from './adamax.js';
import type { Optimizer } from './optimizer.js';
import { type LrSchedule, cosine, stepDecay } from './schedules.js';
import { SGD } from './sgd.js';

export const OPTIMIZERS = {
  adam: (p: Parameter[], lr: number): Optimizer => new Adam(p, { lr }),
  adamw: (p: Parameter[], lr: number): Optimizer => new AdamW(p, { lr }),
  adamax: (p: Parameter[], lr: number): Optimizer => new AdaMax(p, { lr }),
  sgd: (p: Parameter[], lr: number): Optimizer => new SGD(p, { lr, momentum: 0.9, nesterov: true }),
} as const;

export type OptimizerName = keyof typeof OPTIMIZERS;

/** The maker of the optimizer called `name` (an unknown name is an error on the `optimizer` option). */
export const optimizerByName = (name: string): ((params: Parameter[], lr: number) => Optimizer) => lookup(OPTIMIZERS, name, 'optimizer', 'optimizer');

/** Per-epoch schedules: constant (none), cosine annealing to 0 over the epochs, or ÷10 every third of them. */
export const SCHEDULES = {
  constant: (): LrSchedule | undefined => undefined,
  cosine: (lr: number, epochs: number): LrSchedule | undefined => cosine(lr, epochs),
  step: (lr: number, epochs: number): LrSchedule | undefined => stepDecay(lr, Math.max(1, Math.ceil(epochs / 3)), 0.1),
} as const;

export type ScheduleName = keyof typeof SCHEDULES;

export const scheduleByName = (name: string, lr: number, epochs: number): LrSchedule | undefined => lookup(SCHEDULES, name, 'schedule', 'schedule')(lr, epochs);
