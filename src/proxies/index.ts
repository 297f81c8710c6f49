/** Zero-cost proxies by name. */
import { gradNorm } from './grad-norm.js';
import { jacov } from './jacov.js';
import { naswot } from './naswot.js';
import { paramCount } from './params.js';
import type { ZeroCostProxy } from './proxy.js';
import { snip } from './snip.js';
import { synflow } from './synflow.js';

export { type ProxyBatch, type ZeroCostProxy, batchLoss } from './proxy.js';
export { logAbsDet, symmetricEigenvalues } from '../core/float64-linalg.js';

/** Every proxy leaves the weights as they were: BatchNorm's running statistics move in a training-mode forward pass, synflow rewrites the weights. */
function keepingWeights(p: ZeroCostProxy): ZeroCostProxy {
  return { ...p, score(model, batch) {
    const params = model.parameters(), saved = params.map((q) => q.data.slice());
    try { return p.score(model, batch); } finally { params.forEach((q, i) => q.data.set(saved[i])); }
  } };
}

export const PROXIES: Record<string, ZeroCostProxy> = Object.fromEntries([naswot, synflow, snip, gradNorm, jacov, paramCount].map((p) => [p.name, keepingWeights(p)]));

export function proxyEntry(name: string, where = '--proxies'): ZeroCostProxy {
  const p = PROXIES[name];
  if (!p) throw new Error(`${where}: got "${name}"; expected one of ${Object.keys(PROXIES).join(', ')}`);
  return p;
}
