/** Learning-rate schedules: a pure function from step (or epoch) number to learning rate. */
import type { Optimizer } from './optimizer.js';

export interface LrSchedule { at(step: number): number }

function positive(owner: string, name: string, v: number): number {
  if (!(v > 0)) throw new Error(`${owner}: ${name} must be positive, got ${v}`);
  return v;
}

/** lr · gamma^floor(step / stepSize). */
export function stepDecay(lr: number, stepSize: number, gamma = 0.1): LrSchedule {
  positive('stepDecay', 'stepSize', stepSize);
  return { at: (s) => lr * Math.pow(gamma, Math.floor(s / stepSize)) };
}

/** Cosine annealing from lr to minLr over `period` steps, then held at minLr. */
export function cosine(lr: number, period: number, minLr = 0): LrSchedule {
  positive('cosine', 'period', period);
  return { at: (s) => minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * Math.min(s, period) / period)) };
}

/** SGDR (Loshchilov & Hutter): cosine cycles of length t0, t0·tMult, t0·tMult², … */
export function cosineWarmRestarts(lr: number, t0: number, tMult = 1, minLr = 0): LrSchedule {
  positive('cosineWarmRestarts', 't0', t0);
  if (!(tMult >= 1)) throw new Error(`cosineWarmRestarts: tMult must be >= 1, got ${tMult}`);
  return {
    at(s) {
      let len = t0, t = s;
      while (t >= len) { t -= len; len *= tMult; }
      return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * t / len));
    },
  };
}

/** Smith's triangular cyclical learning rate: base → max → base every 2·stepSize steps. */
export function triangular(baseLr: number, maxLr: number, stepSize: number): LrSchedule {
  positive('triangular', 'stepSize', stepSize);
  return {
    at(s) {
      const cycle = Math.floor(1 + s / (2 * stepSize));
      const x = Math.abs(s / stepSize - 2 * cycle + 1);
      return baseLr + (maxLr - baseLr) * Math.max(0, 1 - x);
    },
  };
}

export function applySchedule(opt: Optimizer, schedule: LrSchedule, step: number): number {
  opt.lr = schedule.at(step);
  return opt.lr;
}
