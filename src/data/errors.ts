/** Errors about input data that name the file or field and say how to fix it. */
export class DataError extends Error {
  constructor(where: string, problem: string, fix: string) {
    super(`${where}: ${problem}. ${fix}`);
    this.name = 'DataError';
  }
}
