/** The Laplace evidence of a trained network by method name (see evidence.ts). */
import { OptionError } from '../core/option-error.js';
import type { Prepared } from '../data/prepare.js';
import { Sequential } from '../nn/sequential.js';
import type { Module } from '../nn/module.js';
import { diagonalEvidence } from './evidence-diagonal.js';
import { lastLayerEvidence } from './evidence-last-layer.js';
import type { EvidenceOptions, EvidenceResult } from './evidence.js';

export const EVIDENCE_METHODS = {
  'last-layer': (m: Module, d: Prepared, o?: EvidenceOptions) => {
    if (!(m instanceof Sequential)) throw new Error('evidence last-layer: needs a layer stack whose last layer is Dense; use the diagonal evidence for other networks');
    return lastLayerEvidence(m, d, o);
  },
  diagonal: diagonalEvidence,
} satisfies Record<string, (m: Module, d: Prepared, o?: EvidenceOptions) => EvidenceResult>;

export type EvidenceMethod = keyof typeof EVIDENCE_METHODS;

export function modelEvidence(method: string, model: Module, data: Prepared, o?: EvidenceOptions): EvidenceResult {
  const f = (EVIDENCE_METHODS as Record<string, (m: Module, d: Prepared, o?: EvidenceOptions) => EvidenceResult>)[method];
  if (!f) throw new OptionError('evidence', `got "${method}"; expected ${Object.keys(EVIDENCE_METHODS).join(' or ')}`);
  return f(model, data, o);
}
