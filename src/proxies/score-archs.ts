/**
 * Scores architectures of a cell space with zero-cost proxies: each is built at
 * initialisation (seeded) and scored on the same seeded minibatch of the
 * training split. No training happens, so thousands of cells take minutes.
 */
import { buildArchModel } from '../arch/build.js';
import { parseCellString } from '../arch/cell-string.js';
import { cellSpace } from '../arch/spaces/index.js';
import { Rng } from '../core/random.js';
import type { Dataset } from '../data/dataset.js';
import { batches, prepare } from '../data/prepare.js';
import { proxyEntry } from './index.js';
import type { Module } from '../nn/module.js';
import type { ProxyBatch } from './proxy.js';

export interface ScoreOptions {
  /** A cell space by name (CELL_SPACES), whose architectures are given as cell strings. */
  space: string;
  dataset: Dataset;
  archs: string[];
  proxies: string[];
  batchSize?: number;
  seed?: number;
  onProgress?(done: number, total: number): void;
}

/** `seconds`: per proxy, the time its score took (building the model is charged to none). */
export interface ScoredArch { arch: string; scores: Record<string, number>; seconds: Record<string, number> }

/** The seeded minibatch every architecture is scored on: the first shuffled batch of `size` rows of the prepared training split. */
export function proxyBatch(dataset: Dataset, size: number, seed: number): ProxyBatch {
  const p = prepare(dataset, { seed });
  const first = batches(p.train, dataset.inputShape, size, new Rng(seed), p.targetScale).next().value!;
  first.x.keep();
  first.targets?.keep();
  return first;
}

export function scoreArchitectures(o: ScoreOptions): ScoredArch[] {
  const space = cellSpace(o.space);
  const proxies = o.proxies.map((name) => proxyEntry(name));
  const seed = o.seed ?? 0;
  const batch = proxyBatch(o.dataset, o.batchSize ?? 64, seed);
  const outputs = o.dataset.task === 'classification' ? o.dataset.classes! : 1;
  try {
    return o.archs.map((text, i) => {
      const model = buildArchModel(parseCellString(text, space.name, space.ops), space, o.dataset.inputShape, outputs, seed);
      const scores: Record<string, number> = {}, seconds: Record<string, number> = {};
      for (const p of proxies) {
        const started = performance.now();
        scores[p.name] = p.score(model, batch);
        seconds[p.name] = (performance.now() - started) / 1000;
      }
      o.onProgress?.(i + 1, o.archs.length);
      return { arch: text, scores, seconds };
    });
  } finally {
    batch.x.dispose();
    batch.targets?.dispose();
  }
}

/** A cheap estimate for strategies (StrategyContext.estimate): `proxy` on the network `build` makes of an architecture, at initialisation. */
export function proxyEstimate<P>(proxy: string, build: (params: P) => Module, batch: ProxyBatch): (params: P) => number {
  const p = proxyEntry(proxy, '--proxy');
  return (params) => p.score(build(params), batch);
}
