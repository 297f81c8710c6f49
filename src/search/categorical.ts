/** Adapts a strategy written for fixed categorical genotypes to the generic factory signature. */
import type { Genotype } from '../study/space.js';
import { type Strategy, type StrategyContext, requireChoices } from '../study/strategy.js';

export function categorical(name: string, make: (ctx: StrategyContext<Genotype>) => Strategy<Genotype>) {
  return <P>(ctx: StrategyContext<P>): Strategy<P> => {
    requireChoices(ctx.space, name);
    // Safe: a space with `choices` proposes and accepts Genotype values.
    return make(ctx as unknown as StrategyContext<Genotype>) as unknown as Strategy<P>;
  };
}
