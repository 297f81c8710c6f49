/** A zero-cost proxy of each untrained architecture as the strategies' estimate (`proxy` and `proxyFilter` of `search()`). */
import { buildArchModel } from '../arch/build.js';
import { archOfGenotype } from '../arch/cell-space.js';
import { cellSpace } from '../arch/spaces/index.js';
import { OptionError, intOption } from '../core/option-error.js';
import type { Dataset } from '../data/dataset.js';
import { datasetOf, ioSizes } from '../data/source.js';
import { proxyBatch, proxyEstimate } from '../proxies/score-archs.js';
import { PROXIES } from '../proxies/index.js';
import { lookup } from '../core/registry.js';
import type { Genotype } from '../study/space.js';
import type { SearchSource } from './run-search.js';

export function searchEstimate(o: { proxy?: string; proxyFilter?: number; dataDir?: string; data?: () => Dataset }, source: SearchSource): { proxy: string; score: (params: unknown) => number; filter: number } | undefined {
  if (o.proxy === undefined) {
    if (o.proxyFilter !== undefined) throw new OptionError('proxyFilter', 'filters proposals by a zero-cost proxy: give a proxy too (e.g. naswot)');
    return undefined;
  }
  const proxy = o.proxy, filter = intOption(o.proxyFilter, 'proxyFilter', 1, 1);
  lookup(PROXIES, proxy, 'zero-cost proxy', 'proxy');
  if (source.kind === 'trained') {
    const data = o.data?.() ?? datasetOf({ name: source.task.dataset, dataDir: o.dataDir }, 0);
    const score = proxyEstimate(proxy, (params: unknown) => source.space.build(params, data.inputShape, ioSizes(data).outSize, 0), proxyBatch(data, 64, 0));
    return { proxy, score, filter };
  }
  if (source.bench.name !== 'nb201-cifar10') throw new OptionError('proxy', `scores the untrained cells of the table, which only nb201-cifar10 can build (on the CIFAR-10 subset in the data directory); got ${source.bench.name}`);
  // The table's cells scored as Topiary builds them on the CIFAR-10 images the table was measured on.
  const data = datasetOf({ name: 'cifar10', dataDir: o.dataDir }, 0), space = cellSpace('nb201');
  const score = proxyEstimate(proxy, (g: Genotype) => buildArchModel(archOfGenotype(space, g), space, data.inputShape, data.classes!, 0), proxyBatch(data, 64, 0));
  return { proxy, score: score as (params: unknown) => number, filter };
}
