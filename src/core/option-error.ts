/**
 * A caller gave an option a value the library cannot use. The option's name is kept as data (as it is spelled in
 * the options object) so each front end names it its own way: the command line as its flag, a config file as its
 * field. The message alone still reads well from JavaScript.
 */
export class OptionError extends Error {
  /** The options at fault: one, or several that conflict. */
  readonly options: readonly string[];
  constructor(option: string | readonly string[], readonly problem: string) {
    const options = typeof option === 'string' ? [option] : option;
    super(`${options.join(' and ')}: ${problem}`);
    this.options = options;
    this.name = 'OptionError';
  }

  get option(): string { return this.options[0]; }
}

/** A value as an error quotes it: `"1.2"`, `"a,b"` for a list (as a flag or a config field would have spelled it). */
export const shown = (v: unknown): string => (v === undefined ? 'nothing' : `"${Array.isArray(v) ? v.join(',') : String(v)}"`);

/** A number option: `fallback` when left out, else a finite number that passes `check` (described by `expected`). */
export function numberOption(value: unknown, option: string, fallback: number, check: (v: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) throw new OptionError(option, `got ${shown(value)}; expected ${expected}`);
  return value;
}

/** An integer option of at least `min`. */
export function intOption(value: unknown, option: string, fallback: number, min: number): number {
  return numberOption(value, option, fallback, (v) => Number.isInteger(v) && v >= min, min === 1 ? 'a positive integer' : `an integer >= ${min}`);
}

/** A number option that may be left out (undefined stays undefined). */
export function optionalNumber(value: unknown, option: string, check: (v: number) => boolean, expected: string): number | undefined {
  return value === undefined ? undefined : numberOption(value, option, 0, check, expected);
}

/** `a, b or c`. */
export const oneOf = (names: readonly string[]): string => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`);

/** One of a fixed list of names. */
export function choiceOption<T extends string>(value: unknown, option: string, choices: readonly T[], fallback?: T): T {
  const v = value ?? fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) throw new OptionError(option, `got ${shown(v)}; expected ${oneOf(choices)}`);
  return v as T;
}

/** A required option: present, or a named error saying what it should be. */
export function requiredOption<T>(value: T | undefined | null, option: string, expected: string): T {
  if (value === undefined || value === null) throw new OptionError(option, `is required (${expected})`);
  return value;
}

/** A seed option: any integer (0 by default). */
export const seedOption = (value: unknown): number => numberOption(value, 'seed', 0, Number.isInteger, 'an integer');

/** A non-empty list of numbers that each pass `check` (`fallback` when left out). */
export function numberListOption(value: unknown, option: string, fallback: number[], check: (v: number) => boolean, expected: string): number[] {
  const list = value ?? fallback;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'number' && check(v))) throw new OptionError(option, `got ${shown(value)}; expected ${expected}`);
  return list as number[];
}
