/** A discrete search space: a list of decisions, each with a number of choices; a genotype picks one per decision. */
export interface SearchSpace {
  readonly name: string;
  readonly choices: readonly number[];
  /** The architecture a genotype stands for, as text (e.g. an NB201 cell string). */
  describe(g: readonly number[]): string;
}

export const spaceSize = (s: SearchSpace): number => s.choices.reduce((a, b) => a * b, 1);
export const genotypeKey = (g: readonly number[]): string => g.join(',');

export function isValidGenotype(s: SearchSpace, g: readonly number[]): boolean {
  return g.length === s.choices.length && g.every((v, i) => Number.isInteger(v) && v >= 0 && v < s.choices[i]);
}
