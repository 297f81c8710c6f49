/**
 * BOHB (Falkner et al. 2018): Hyperband's brackets decide how long each trial
 * trains; TPE, fitted at the highest fidelity with enough results, decides
 * which trials to start. The brackets are the hyperband pruner's (its default
 * here), the model TPE's multi-fidelity mode.
 */
import type { StrategyEntry } from '../study/strategy.js';
import { TPE_DEFAULTS, tpeStrategy } from './tpe.js';

export const bohb: StrategyEntry = {
  description: 'TPE fitted at the highest fidelity with enough results, inside hyperband brackets (the pruner by default; spaces with typed dimensions)',
  defaultPruner: 'hyperband',
  create: (ctx) => tpeStrategy(ctx, 'bohb', { ...TPE_DEFAULTS, multiFidelity: true }),
};
