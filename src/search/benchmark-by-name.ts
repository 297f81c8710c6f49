/** A tabular benchmark by name: `nb201-cifar10` from the data directory, or `tabular:FILE.csv` with its columns. */
import { join } from 'node:path';
import { OptionError } from '../core/option-error.js';
import { resolveDataDir } from '../data/data-dir.js';
import { readText } from '../data/text-table.js';
import { type TabularBenchmark, loadTabularFidelities } from './benchmark.js';
import { NB201_FILES, NB201_FOLDER } from './nb201-files.js';
import type { BenchmarkColumns } from './search-options.js';

export function benchmarkByName(name: string, o: { dataDir?: string; fidelities?: number[]; columns?: BenchmarkColumns }): TabularBenchmark {
  if (name === 'nb201-cifar10') {
    const dir = join(resolveDataDir(o.dataDir), NB201_FOLDER);
    return loadTabularFidelities(name, (o.fidelities ?? [200]).map((step) => {
      const f = NB201_FILES[step];
      if (!f) throw new OptionError('fidelities', `nb201-cifar10 has fidelities 12 and 200 (epochs), got ${step}`);
      return { ...f, step, file: join(dir, f.file) };
    }));
  }
  if (name.startsWith('tabular:')) {
    const file = name.slice(8), c = o.columns ?? {};
    const pairs = c.fidelities ?? [{ validCol: c.valid ?? 'valid', costCol: c.cost ?? costColumn(file) }];
    for (const pair of pairs) if (!pair.validCol || pair.costCol === '') throw new OptionError('fidelityCols', `"${pair.validCol}:${pair.costCol ?? ''}" is not VALID_COL[:COST_COL] (e.g. valid12:cost12,valid200:cost200)`);
    const steps = o.fidelities ?? pairs.map((_, i) => i + 1);
    if (steps.length !== pairs.length) throw new OptionError('fidelities', `${steps.length} steps for ${pairs.length} fidelity column pairs`);
    return loadTabularFidelities(name, pairs.map((pair, i) => ({ file, step: steps[i], archCol: c.arch ?? 'arch', ...pair,
      ...(i === pairs.length - 1 ? { testCol: c.test ?? 'test' } : {}) })));
  }
  throw new OptionError('benchmark', `got "${name}"; expected nb201-cifar10 or tabular:FILE (with its valid, test and cost columns)`);
}

/** "cost" when the file has that column; a table without costs is searched all the same (every trial costs 0). */
function costColumn(file: string): string | undefined {
  const header = readText(file).split(/\r?\n/, 1)[0].replace(/^\uFEFF/, '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  return header.includes('cost') ? 'cost' : undefined;
}
