/** --proxy NAME [--proxy-filter K] of `topiary search`: a zero-cost proxy of each untrained architecture as the strategies' estimate. */
import { buildArchModel } from '../arch/build.js';
import { archOfGenotype } from '../arch/cell-space.js';
import { cellSpace } from '../arch/spaces/index.js';
import { resolveDataDir } from '../data/data-dir.js';
import { loadDataset } from '../data/registry.js';
import { proxyBatch, proxyEstimate } from '../proxies/score-archs.js';
import type { SearchSource } from '../search/run-search.js';
import type { Genotype } from '../study/space.js';
import { type Parsed, intFlag, optionName } from './args.js';

export const PROXY_FLAGS = { proxy: 'string', 'proxy-filter': 'string' } as const;

export function estimateFromFlags(p: Parsed, source: SearchSource): { proxy: string; score: (params: unknown) => number; filter: number } | undefined {
  const proxy = p.flags.get('proxy');
  if (typeof proxy !== 'string') {
    if (p.flags.has('proxy-filter')) throw new Error(`${optionName(p, 'proxy-filter')} filters proposals by a zero-cost proxy: pass --proxy too (e.g. --proxy naswot)`);
    return undefined;
  }
  const filter = intFlag(p, 'proxy-filter', 1, 1);
  const dataDir = p.flags.get('data-dir') as string | undefined;
  if (source.kind === 'trained') {
    const data = loadDataset(source.task.dataset, resolveDataDir(dataDir), 0);
    const outputs = data.task === 'classification' ? data.classes! : 1;
    const score = proxyEstimate(proxy, (params: unknown) => source.space.build(params, data.inputShape, outputs, 0), proxyBatch(data, 64, 0));
    return { proxy, score, filter };
  }
  if (source.bench.name !== 'nb201-cifar10') throw new Error(`${optionName(p, 'proxy')} scores the untrained cells of the table, which only nb201-cifar10 can build (on the CIFAR-10 subset in --data-dir); got ${source.bench.name}`);
  // The table's cells scored as Topiary builds them on the CIFAR-10 images the table was measured on.
  const data = loadDataset('cifar10', resolveDataDir(dataDir), 0), space = cellSpace('nb201');
  const score = proxyEstimate(proxy, (g: Genotype) => buildArchModel(archOfGenotype(space, g), space, data.inputShape, data.classes!, 0), proxyBatch(data, 64, 0));
  return { proxy, score: score as (params: unknown) => number, filter };
}
