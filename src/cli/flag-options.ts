/**
 * From flags to a library call's options and back: flag values as numbers and strings (the library checks their
 * ranges), and the library's errors about an option reworded to name the flag (or config field) that set it.
 */
import { OptionError } from '../index.js';
import { type Parsed, numberFlag, numberList, optionName } from './args.js';

/** A number flag as given, or undefined: only the syntax is checked here, the library checks the range. */
export function numberArg(p: Parsed, name: string): number | undefined {
  return p.flags.has(name) ? numberFlag(p, name, 0, () => true, 'a number') : undefined;
}

/** A string flag as given, or undefined (a boolean use of it is an error naming the flag). */
export function stringArg(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  if (v === true) throw new Error(`option ${optionName(p, name)} needs a value`);
  return v;
}

/** Library options whose flag is not their kebab-case spelling. */
const FLAG_OF: Record<string, string> = { timeBudgetSeconds: 'time-budget', testFile: 'test', dataDir: 'data-dir', strategies: 'strategy' };

const OPTION_OF: Record<string, string> = Object.fromEntries(Object.entries(FLAG_OF).map(([option, flag]) => [flag, option]));

/** The flag (or, given the parsed flags, the config field) that sets the library option `option`. */
export function flagOfOption(option: string, p?: Parsed): string {
  if (option.startsWith('-') || option.includes(' ')) return option;
  const flag = FLAG_OF[option] ?? option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return p ? optionName(p, flag) : `--${flag}`;
}

/** An option error's message with its options named as flags (or config fields). */
export const flagMessage = (e: OptionError, p?: Parsed): string => `${e.options.map((o) => flagOfOption(o, p)).join(' and ')}: ${e.problem}`;

/** Runs a library call; an error about one of its options is reworded to name the flag (or config field) that set it. */
export async function withFlagNames<T>(p: Parsed, call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof OptionError) throw new Error(flagMessage(e, p));
    throw e;
  }
}

/** The library option a flag sets: the inverse of FLAG_OF, else the flag in camelCase. */
const camel = (flag: string) => OPTION_OF[flag] ?? flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The given flags as library options under their camelCase names (`--batch-size` → batchSize, `--time-budget` →
 * timeBudgetSeconds): numbers parsed, lists split on commas, booleans true when present; flags not given are left out.
 */
export function optionsFromFlags(p: Parsed, kinds: { numbers?: readonly string[]; strings?: readonly string[]; booleans?: readonly string[]; numberLists?: readonly string[] }): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of kinds.numbers ?? []) if (p.flags.has(f)) o[camel(f)] = numberArg(p, f);
  for (const f of kinds.strings ?? []) if (p.flags.has(f)) o[camel(f)] = stringArg(p, f);
  for (const f of kinds.booleans ?? []) if (p.flags.has(f)) o[camel(f)] = true;
  for (const f of kinds.numberLists ?? []) if (p.flags.has(f)) o[camel(f)] = numberList(p, f, stringArg(p, f)!, Number.isFinite, 'comma-separated numbers');
  return o;
}

/** A comma-separated list of numbers as given, or undefined (the library checks the values). */
export function numberListArg(p: Parsed, name: string): number[] | undefined {
  const v = stringArg(p, name);
  return v === undefined ? undefined : numberList(p, name, v, Number.isFinite, 'comma-separated numbers');
}
