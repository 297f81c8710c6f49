/**
 * NASWOT (Mellor et al., "Neural Architecture Search without Training"): each
 * input of the batch gets a binary code, which ReLU units it switches on. Nets
 * whose codes differ more between inputs separate them better at
 * initialisation. Score: log|K| where K[i][j] counts the units on which inputs
 * i and j agree. Every ReLU counts: Activation('relu') layers and Dense layers
 * with a fused ReLU.
 */
import type { Tensor } from '../core/tensor.js';
import { Dense } from '../nn/dense.js';
import { Activation } from '../nn/layers.js';
import type { Module } from '../nn/module.js';
import { logAbsDet } from '../core/float64-linalg.js';
import { type ProxyBatch, forwardOnly, proxyOf } from './proxy.js';

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function reluModules(m: Module, into: Module[] = []): Module[] {
  if ((m instanceof Activation && m.op === 'relu') || (m instanceof Dense && m.activation === 'relu')) into.push(m);
  for (const c of m.children()) reluModules(c, into);
  return into;
}

export const naswot = proxyOf('naswot', 'log-determinant of the agreement kernel of ReLU on/off codes over the batch (Mellor et al.)', (model: Module, batch: ProxyBatch): number => {
  const n = batch.x.shape[0];
  const relus = reluModules(model);
  if (relus.length === 0) throw new Error('naswot: the network has no ReLU, so inputs have no activation codes to compare; use another proxy');
  const k = new Float64Array(n * n);
  const record = (out: Tensor) => {
    // Codes packed 32 units to a word: agreement = units − popcount(a XOR b).
    const per = out.size / n, words = Math.ceil(per / 32), d = out.data;
    const bits = new Uint32Array(n * words);
    for (let i = 0; i < n; i++) for (let u = 0; u < per; u++) if (d[i * per + u] > 0) bits[i * words + (u >>> 5)] |= 1 << (u & 31);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let differ = 0;
        for (let w = 0; w < words; w++) differ += popcount(bits[i * words + w] ^ bits[j * words + w]);
        k[i * n + j] += per - differ;
        if (j !== i) k[j * n + i] += per - differ;
      }
    }
  };
  const originals = relus.map((m) => m.forward);
  relus.forEach((m, r) => { m.forward = (x: Tensor) => { const out = originals[r].call(m, x); record(out); return out; }; });
  try {
    forwardOnly(model, batch.x);
  } finally {
    relus.forEach((m, r) => { m.forward = originals[r]; });
  }
  // Two inputs with the same code on every unit make K singular: log|K| is then -Infinity, a valid worst score.
  return logAbsDet(k, n);
});
