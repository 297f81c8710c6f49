/** One suite for every pruner, with one and with two objectives; then what each rule promises. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PRUNERS, type PrunerTrial, parseObjectives } from '../../src/study/index.js';
import { bracketCycle } from '../../src/study/pruners/hyperband.js';

const ONE = parseObjectives('valid:max'), TWO = parseObjectives('valid:max,cost:min');
const settings = { minResource: 1, maxResource: 9, eta: 3 };

/** A finished trial whose curve reaches `level` (one objective) or (level, cost) at every step 1…9. */
const trial = (number: number, level: number, steps = 9, state: PrunerTrial['state'] = 'completed', two = false): PrunerTrial => ({
  number, position: number, state, intermediate: Array.from({ length: steps }, (_, i) => ({ step: i + 1, values: two ? [level + i, 10 - level] : [level + i] })),
});

for (const [name, entry] of Object.entries(PRUNERS)) {
  describe(`pruner conformance: ${name}`, () => {
    for (const [label, objs, two] of [['one objective', ONE, false], ['two objectives', TWO, true]] as const) {
      it(`${label}: never stops a trial at its last step, nor before any report; the best trial always goes on`, () => {
        const p = entry.create(settings);
        const peers = Array.from({ length: 30 }, (_, i) => trial(i, 10 + i, 9, 'completed', two));
        assert.equal(p.shouldPrune(objs, { number: 99, position: 99, state: 'running', intermediate: [] }, peers), false);
        const worstFinal = trial(99, -100, 9, 'running', two);
        assert.equal(p.shouldPrune(objs, worstFinal, [...peers, worstFinal]), false);
        for (let steps = 1; steps < 9; steps++) {
          const best = trial(100, 1000, steps, 'running', two);
          assert.equal(p.shouldPrune(objs, best, [...peers, best]), false, `best at step ${steps}`);
        }
      });
      it(`${label}: stops a clearly worst trial at some step (except "none"), and decides the same when asked twice`, () => {
        const p = entry.create(settings);
        const peers = Array.from({ length: 30 }, (_, i) => trial(i, 10 + i, 9, 'completed', two));
        let stopped = false;
        for (let steps = 1; steps < 9 && !stopped; steps++) {
          const worst = { ...trial(100 + steps, -100, steps, 'running', two), number: 200, position: 200 };
          const first = p.shouldPrune(objs, worst, [...peers, worst]);
          assert.equal(p.shouldPrune(objs, worst, [...peers, worst]), first);
          stopped ||= first;
        }
        assert.equal(stopped, name !== 'none');
      });
    }
  });
}

it('median: waits for its start-up trials, then stops only below the median', () => {
  const p = PRUNERS.median.create(settings);
  const few = [trial(0, 10), trial(1, 20)];
  const low = trial(9, 0, 3, 'running');
  assert.equal(p.shouldPrune(ONE, low, [...few, low]), false, 'two finished trials are not enough');
  const peers = [10, 20, 30, 40, 50].map((v, i) => trial(i, v));
  assert.equal(p.shouldPrune(ONE, trial(9, 35, 3, 'running'), peers), false);
  assert.equal(p.shouldPrune(ONE, trial(9, 25, 3, 'running'), peers), true);
});

it('asha keeps the top 1/η at a rung; sha lets a rung fill with η trials first', () => {
  const asha = PRUNERS.asha.create(settings), sha = PRUNERS.sha.create(settings);
  const second = trial(1, 5, 1, 'running');
  const firstOnly = [trial(0, 10, 1, 'running')];
  assert.equal(asha.shouldPrune(ONE, second, [...firstOnly, second]), true, 'asha: not the best of 2 → stop');
  assert.equal(sha.shouldPrune(ONE, second, [...firstOnly, second]), false, 'sha: the rung is not full yet');
  const nine = Array.from({ length: 8 }, (_, i) => trial(i, 10 * i, 1, 'running'));
  for (const p of [asha, sha]) {
    assert.equal(p.shouldPrune(ONE, trial(20, 45, 1, 'running'), nine), true, '4th of 9 is outside the top 3');
    assert.equal(p.shouldPrune(ONE, trial(20, 75, 1, 'running'), nine), false, '1st of 9');
  }
  // A rung is decided once: reports between rungs (step 2) do not reopen it.
  const t = { number: 20, position: 20, state: 'running' as const, intermediate: [{ step: 1, values: [75] }, { step: 2, values: [0] }] };
  assert.equal(asha.shouldPrune(ONE, t, nine), false);
});

it('hyperband deals trials to brackets in the paper proportions, and its least aggressive bracket never stops a trial', () => {
  assert.deepEqual(bracketCycle(3, 3), [...Array(9).fill(0), ...Array(6).fill(1), ...Array(3).fill(2)]);
  const p = PRUNERS.hyperband.create(settings);
  const peers = Array.from({ length: 40 }, (_, i) => trial(i, 100 + i, 9, 'completed'));
  // Trial number 15 is in bracket 2 (first rung at 9 = the end): never stopped.
  const last = trial(15, -100, 5, 'running');
  assert.equal(p.shouldPrune(ONE, last, [...peers.filter((x) => x.number !== 15), last]), false);
  const aggressive = trial(18, -100, 1, 'running');
  assert.equal(p.shouldPrune(ONE, aggressive, [...peers.filter((x) => x.number !== 18), aggressive]), true);
  // Where max/min is not a power of η (10 epochs, η 3: a rung at 9 < 10), the last bracket still never stops a trial.
  const ten = PRUNERS.hyperband.create({ minResource: 1, maxResource: 10, eta: 3 });
  const lastBracket = Array.from({ length: 18 }, (_, i) => i).filter((i) => i >= 15);
  for (const position of lastBracket) {
    const t = { ...trial(position, -100, 9, 'running'), position };
    assert.equal(ten.shouldPrune(ONE, t, [...peers, t]), false, `position ${position}`);
  }
  // Brackets follow the ask position, not the store number (which a re-run after a crash skips ahead).
  const renumbered = { ...trial(500, -100, 1, 'running'), position: 18 };
  assert.equal(p.shouldPrune(ONE, renumbered, [...peers, renumbered]), true);
});
