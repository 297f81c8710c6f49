/**
 * ENAS's controller: an LSTM that writes a cell one decision at a time. Each step reads the embedding of the previous
 * choice (a start token first), updates its state and proposes a distribution over the candidate ops of the next
 * edge. Sampling returns the choices with their total log-probability and entropy, differentiable with respect to
 * the controller's parameters, for REINFORCE.
 */
import { add, log, mul, sigmoid, tanh } from '../core/ops/elementwise.js';
import { softmax } from '../core/ops/loss.js';
import { sum } from '../core/ops/reduce.js';
import { concat, indexSelect } from '../core/ops/shape.js';
import { Rng } from '../core/random.js';
import { Tensor } from '../core/tensor.js';
import { Dense } from '../nn/dense.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';

/** Logits are squashed to c·tanh(l / T), as ENAS does, so that no op's probability saturates early. */
const TANH_CONSTANT = 2.5, TEMPERATURE = 5;

export interface PolicySample { choices: number[]; logProb: Tensor; entropy: Tensor }

export class LstmPolicy extends Module {
  readonly embedding: Parameter;
  readonly gates: Dense;
  readonly logits: Dense;

  constructor(readonly options: number, readonly decisions: number, readonly hidden: number, seed: number) {
    super();
    const rng = new Rng(seed);
    this.embedding = new Parameter(rng.uniform([options + 1, hidden], -0.1, 0.1).keep().data, [options + 1, hidden], 'embedding');
    this.gates = new Dense(2 * hidden, 4 * hidden, { rng: rng.fork() });
    this.logits = new Dense(hidden, options, { rng: rng.fork() });
  }

  override ownParameters(): Parameter[] { return [this.embedding]; }
  override children(): Module[] { return [this.gates, this.logits]; }

  forward(): Tensor { throw new Error('LstmPolicy: call sample(rng)'); }

  /** Samples one choice per decision; `forced` replays given choices instead (for their log-probability). */
  sample(rng: Rng, forced?: readonly number[]): PolicySample {
    const H = this.hidden;
    let h = Tensor.zeros([1, H]), c = Tensor.zeros([1, H]), token = 0;
    const choices: number[] = [], logProbs: Tensor[] = [], entropies: Tensor[] = [];
    const slice = (t: Tensor, k: number) => indexSelect(t, 1, Array.from({ length: H }, (_, j) => k * H + j));
    for (let d = 0; d < this.decisions; d++) {
      const x = indexSelect(this.embedding, 0, [token]);
      const z = this.gates.forward(concat([x, h], 1));
      const i = sigmoid(slice(z, 0)), f = sigmoid(slice(z, 1)), g = tanh(slice(z, 2)), o = sigmoid(slice(z, 3));
      c = add(mul(f, c), mul(i, g));
      h = mul(o, tanh(c));
      const p = softmax(mul(tanh(mul(this.logits.forward(h), 1 / TEMPERATURE)), TANH_CONSTANT));
      const logP = log(add(p, 1e-12));
      let choice = forced?.[d] ?? -1;
      if (choice < 0) {
        const u = rng.next();
        let acc = 0;
        choice = this.options - 1;
        for (let k = 0; k < this.options; k++) { acc += p.data[k]; if (u < acc) { choice = k; break; } }
      }
      choices.push(choice);
      logProbs.push(indexSelect(logP, 1, [choice]));
      entropies.push(mul(sum(mul(p, logP)), -1));
      token = choice + 1;
    }
    return { choices, logProb: sum(concat(logProbs, 1)), entropy: entropies.reduce((a, b) => add(a, b)) };
  }
}
