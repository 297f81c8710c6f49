/** Checks every output flag a command was given before it starts working (see ensureWritable). */
import { ensureWritable } from '../io/writable.js';
import { type Parsed, optionName } from './args.js';

export function checkOutputs(p: Parsed, outputs: Record<string, 'file' | 'dir'>): void {
  for (const [flag, kind] of Object.entries(outputs)) {
    const v = p.flags.get(flag);
    if (typeof v === 'string') ensureWritable(v, kind, optionName(p, flag));
  }
}
