/**
 * A command whose work is one recorded library call: its flags parsed (with --config when the command takes one),
 * the store the flags name opened (none with --no-store), the call made, the store closed; errors about an option
 * name the flag that set it.
 */
import type { ExperimentStore } from '../index.js';
import { type Parsed, parseArgs } from './args.js';
import { parseWithConfig } from './config.js';
import { withFlagNames } from './flag-options.js';
import { withRunStore } from './store-flags.js';

type Log = (line: string) => void;

export function recordedCommand<R>(known: Record<string, 'string' | 'boolean'>, call: (p: Parsed, store: ExperimentStore | null, log: Log) => Promise<R>): (argv: string[], log: Log) => Promise<R> {
  return (argv, log) => {
    const p = 'config' in known ? parseWithConfig(argv, known) : parseArgs(argv, known);
    return withRunStore(p, (store) => withFlagNames(p, () => call(p, store, log)));
  };
}
