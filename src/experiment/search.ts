/**
 * One entry for every kind of architecture search: strategies that evaluate architectures one by one (looked up in
 * a table or trained here, as studies in the store) and weight-sharing supernets. Which kind runs follows from the
 * strategies; the two cannot be mixed in one call.
 */
import { OptionError } from '../core/option-error.js';
import { ONESHOT_STRATEGIES, isOneShotStrategy } from '../oneshot/strategies/index.js';
import { supernetSearch } from '../oneshot/supernet-search.js';
import type { SearchOptions } from '../search/search-options.js';
import { studySearch } from '../search/study-search.js';

export async function search(o: SearchOptions = {}): Promise<Record<string, unknown>> {
  const strategies = o.strategies ?? ['random'];
  if (!Array.isArray(strategies) || strategies.length === 0) throw new OptionError('strategies', `got ${JSON.stringify(o.strategies)}; expected one or more strategy names`);
  const supernet = strategies.find(isOneShotStrategy);
  if (supernet === undefined) return studySearch({ ...o, strategies });
  const other = strategies.find((s) => !isOneShotStrategy(s));
  if (other) throw new OptionError('strategies', `"${other}" samples and trains architectures one by one while ${supernet} is a weight-sharing search (${Object.keys(ONESHOT_STRATEGIES).join(', ')}); run them as separate searches`);
  return supernetSearch({ ...o, strategies });
}
