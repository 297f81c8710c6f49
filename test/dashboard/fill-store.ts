/** Stores for the dashboard tests, filled through the store's own API: studies over the NB201 space and the MLP stack, and an unknown space. */
import { Rng } from '../../src/core/random.js';
import { deepSwarm } from '../../src/search/deepswarm.js';
import { type LayerGraphParams, layerGraphSearch } from '../../src/search/spaces/layer-graph.js';
import { Study, runStudy } from '../../src/study/index.js';
import type { ExperimentStore } from '../../src/store/store.js';

/** A cell of NB201 as its space's genotype, from a trial number (deterministic, all five ops appear). */
const genotype = (i: number): number[] => Array.from({ length: 6 }, (_, e) => (i * (e + 3) + e) % 5);

/**
 * `trials` completed NB201 table-lookup trials with two objectives and three intermediate values each, one
 * failed and one still running; returns the study's id.
 */
export async function fillNb201Study(store: ExperimentStore, name: string, trials: number): Promise<number> {
  const study = await store.createStudy(name, [{ name: 'valid', direction: 'max' }, { name: 'cost', direction: 'min' }], { strategy: 'random', seed: 0, benchmark: 'nb201-cifar10', fidelities: [12, 200] });
  for (let i = 0; i < trials; i++) {
    const g = genotype(i);
    const t = await store.createTrial(study.id, g, g.join(','), 'host:1:test');
    const valid = 60 + ((i * 37) % 31), cost = 100 + ((i * 53) % 97);
    for (const step of [12, 100, 200]) await store.reportIntermediate(t.id, step, { valid: valid * (0.7 + (0.3 * step) / 200) });
    await store.finishTrial(t.id, 'completed', [valid, cost], { valid, cost, test: valid - 1 });
  }
  const failed = await store.createTrial(study.id, genotype(trials), 'failed', 'host:1:test');
  await store.finishTrial(failed.id, 'failed', null, {}, 'out of memory <b>here</b>');
  await store.createTrial(study.id, genotype(trials + 1), 'running', 'host:1:test');
  return study.id;
}

/** Completed trials of the variable-depth MLP space with one objective, two with predictions; `model` names a file for the first one. */
export async function fillMlpStudy(store: ExperimentStore, name: string, model?: string): Promise<number> {
  const study = await store.createStudy(name, [{ name: 'valid', direction: 'max' }], { strategy: 'regularized-evolution', seed: 1, space: 'mlp-stack' });
  const archs = [[{ width: 64, activation: 'relu' }], [{ width: 256, activation: 'tanh' }, { width: 16, activation: 'relu' }], [{ width: 512, activation: 'relu' }, { width: 128, activation: 'relu' }, { width: 32, activation: 'tanh' }]];
  for (const [i, layers] of archs.entries()) {
    const t = await store.createTrial(study.id, { layers }, `k${i}`, 'host:1:test');
    // The later two as a model-based strategy (BANANAS) keeps them: with what its predictor expected.
    await store.finishTrial(t.id, 'completed', [0.5 + i / 10], { valid: 0.5 + i / 10, ...(i === 0 && model ? { model } : {}), ...(i > 0 ? { predicted: 0.55 + i / 20 } : {}) });
  }
  return study.id;
}

/** A morphism search: a root network and a child grown from it, whose attributes name its parent and step. */
export async function fillMorphStudy(store: ExperimentStore, name: string): Promise<number> {
  const study = await store.createStudy(name, [{ name: 'valid', direction: 'max' }], { strategy: 'morph-hill', seed: 1, space: 'morph:mlp-stack' });
  const root = { root: { layers: [{ width: 16, activation: 'relu' }] }, steps: [], parent: null, newSteps: 0 };
  const step = { op: 'widen', group: 0, width: 32, noise: 0.1 };
  const child = { ...root, steps: [step], parent: 0, newSteps: 1 };
  const a = await store.createTrial(study.id, root, 'root', 'host:1:test');
  await store.finishTrial(a.id, 'completed', [0.5], { valid: 0.5 });
  const b = await store.createTrial(study.id, child, 'child', 'host:1:test');
  await store.finishTrial(b.id, 'completed', [0.6], { valid: 0.6, parent: 0, steps: [step] });
  return study.id;
}

/** A DeepSwarm study run for real on a made-up score: its ants keep their round, the pheromone after each global update and the weights they reused. */
export async function fillDeepSwarmStudy(store: ExperimentStore, name: string): Promise<number> {
  const space = layerGraphSearch('images', 3), objectives = [{ name: 'valid', direction: 'max' as const }];
  const study = await Study.open({ store, name, objectives, config: { strategy: 'deepswarm', seed: 1, space: 'layer-graph', spaceOptions: { input: 'images', maxDepth: 3 } }, space,
    strategy: deepSwarm({ ants: 2, maxDepth: 3 }).create({ space, rng: new Rng(1), objectives }) });
  const score = (p: LayerGraphParams) => 50 + p.nodes.length + p.nodes.filter((n) => n.type === 'conv').length;
  await runStudy({ study, evaluate: async (p) => ({ metrics: { valid: score(p) }, attrs: p.reuse ? { parent: p.reuse.parent, reuseNodes: p.reuse.nodes } : {} }), budget: { trials: 7 } });
  await study.finish('completed');
  return study.row.id;
}
