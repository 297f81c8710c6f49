/** NEAT genomes and search: checks that name the bad gene, batched evaluation, crossover-safe structure, XOR solved, and determinism. */
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { type Genome, checkGenome, enabledCount, hiddenCount } from '../../src/neat/genome.js';
import { Neat } from '../../src/neat/neat.js';
import { compile } from '../../src/neat/network.js';
import { neatXor, xorFitness } from '../../src/neat/xor.js';
import { runNeat } from '../../src/neat/run-neat.js';
import { swingupTask } from '../../src/neat/tasks/swingup.js';

/** XOR by hand: h = step(x1 + x2 − 1.5) (AND), out = step(x1 + x2 − 2h − 0.5). */
const handXor = (): Genome => ({
  format: 'topiary-genome', version: 1,
  nodes: [{ id: 0, kind: 'input', activation: 'linear' }, { id: 1, kind: 'input', activation: 'linear' }, { id: 2, kind: 'bias', activation: 'linear' },
    { id: 3, kind: 'output', activation: 'step' }, { id: 4, kind: 'hidden', activation: 'step' }],
  connections: [
    { innovation: 0, from: 0, to: 4, weight: 1, enabled: true }, { innovation: 1, from: 1, to: 4, weight: 1, enabled: true }, { innovation: 2, from: 2, to: 4, weight: -1.5, enabled: true },
    { innovation: 3, from: 0, to: 3, weight: 1, enabled: true }, { innovation: 4, from: 1, to: 3, weight: 1, enabled: true }, { innovation: 5, from: 4, to: 3, weight: -2, enabled: true },
    { innovation: 6, from: 2, to: 3, weight: -0.5, enabled: true }, { innovation: 7, from: 0, to: 3, weight: 100, enabled: false },
  ],
});

describe('genome', () => {
  it('evaluates a batch in one pass, in topological order, ignoring disabled connections', () => {
    const out = compile(handXor()).evaluate(Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), 4);
    assert.deepEqual([...out], [0, 1, 1, 0]);
    assert.deepEqual(xorFitness(handXor()), { fitness: 16, solved: true });
  });

  it('refuses a cycle, a dangling node and an unknown activation, naming each', () => {
    const cyc = handXor();
    cyc.connections.push({ innovation: 8, from: 3, to: 4, weight: 1, enabled: true });
    assert.throws(() => checkGenome(cyc), /the enabled connections form a cycle through nodes (4 → 3 → 4|3 → 4 → 3); a feed-forward genome needs none/);
    const dangling = handXor();
    dangling.connections.push({ innovation: 9, from: 7, to: 3, weight: 1, enabled: true });
    assert.throws(() => checkGenome(dangling), /connections\[8\] \(innovation 9\) comes from node 7, which the genome does not have; add the node or remove the connection/);
    const unknown = handXor();
    (unknown.nodes[4] as { activation: string }).activation = 'softsign';
    assert.throws(() => checkGenome(unknown), /nodes\[4\] \(id 4\) has activation "softsign"; expected one of linear, step, sin, cos, gaussian, tanh, sigmoid, abs, invert, relu/);
    const intoInput = handXor();
    intoInput.connections.push({ innovation: 10, from: 4, to: 0, weight: 1, enabled: true });
    assert.throws(() => checkGenome(intoInput), /goes into input node 0; inputs and the bias take no connections/);
  });
});

describe('NEAT', () => {
  it('keeps every offspring a valid feed-forward genome while structure grows', () => {
    const neat = new Neat({ inputs: 3, outputs: 2, population: 40, seed: 1, addNode: 0.3, addConnection: 0.5 });
    for (let gen = 0; gen < 15; gen++) {
      neat.genomes.forEach((g) => checkGenome(g));
      neat.tell(neat.genomes.map((g) => enabledCount(g) + hiddenCount(g)));
    }
    assert.equal(neat.genomes.length, 40);
    assert.ok(neat.genomes.some((g) => hiddenCount(g) > 0), 'hidden nodes were added');
  });

  it('solves XOR, with a hidden node, and the same seed gives the same run', () => {
    const runs = [0, 1, 2].map((seed) => neatXor({ seed }));
    for (const r of runs) {
      assert.ok(r.solved);
      assert.ok(r.hidden >= 1, 'XOR is not linearly separable: a solution needs a hidden node');
      assert.equal(xorFitness(r.champion!).solved, true);
    }
    assert.deepEqual(neatXor({ seed: 1 }), runs[1]);
  });

  it('a run stopped after some generations and continued from its checkpoint ends exactly as an unbroken run', () => {
    const whole = neatXor({ seed: 4 });
    assert.ok(whole.generations > 3, `seed 4 takes ${whole.generations} generations`);
    const checkpoint = join(mkdtempSync(join(tmpdir(), 'topiary-neat-')), 'run.json');
    const stopped = neatXor({ seed: 4, maxGenerations: 3, checkpoint });
    assert.equal(stopped.solved, false);
    assert.deepEqual(neatXor({ seed: 4, checkpoint }), whole);
    writeFileSync(checkpoint, '{"format":"something-else"}');
    assert.throws(() => neatXor({ seed: 4, checkpoint }), /format\/version is \["something-else",null\]; expected \["topiary-neat-state", 1\] \(delete it to start afresh\)/);
  });
});

describe('NEAT on a genome task', () => {
  it('improves swing-up reward with its own weights, and a resumed run ends as an unbroken one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neat-task-')), checkpoint = join(dir, 'ck.json');
    try {
      const o = { task: swingupTask(1), population: 30, seed: 2 };
      const full = runNeat({ ...o, generations: 8 });
      runNeat({ ...o, generations: 4, checkpoint });
      const resumed = runNeat({ ...o, generations: 8, checkpoint });
      assert.deepEqual(resumed.champion, full.champion);
      assert.deepEqual(resumed.history, full.history);
      assert.ok(full.history.at(-1)!.bestMean > full.history[0].bestMean, 'the best reward rose');
      assert.ok(full.heldOutScore > 50, `held-out reward ${full.heldOutScore}`);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
