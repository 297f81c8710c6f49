/** Benchmark entry point: `npm run bench -- <suite> [--quick]`. */
import { benchCore } from './core.js';
import { benchMemory } from './memory.js';
import { benchEvolveCompare } from './evolve-compare.js';
import { benchBlockGrowth } from './block-growth.js';
import { benchExportCheck } from './export-check.js';
import { benchWorkerChaos } from './worker-chaos.js';
import { benchStudyScale } from './study-scale.js';
import { benchProxies } from './proxies.js';
import { benchDashboard } from './dashboard.js';
import { benchWannThroughput } from './wann-throughput.js';
import { benchNet2Net } from './net2net.js';
import { benchNb201Strategies } from './nb201-strategies.js';
import { benchStrategyOverhead } from './strategy-overhead.js';

const suites: Record<string, (args: string[]) => void | Promise<void>> = {
  core: benchCore, memory: benchMemory, 'evolve-compare': benchEvolveCompare, 'block-growth': benchBlockGrowth, export: benchExportCheck, 'worker-chaos': benchWorkerChaos, 'study-scale': benchStudyScale, proxies: benchProxies, dashboard: benchDashboard, wann: benchWannThroughput, net2net: benchNet2Net, 'nb201-strategies': benchNb201Strategies, 'strategy-overhead': benchStrategyOverhead,
};
const [name, ...rest] = process.argv.slice(2);
const suite = suites[name ?? ''];
if (!suite) {
  console.error(`usage: npm run bench -- <suite> [--quick]; suites: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
await suite(rest);
