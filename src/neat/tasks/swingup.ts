/**
 * Cart-pole swing-up, the control task of the weight-agnostic networks paper:
 * a pole hinged on a cart starts hanging down; the network pushes the cart
 * (force in [−10, 10] N) to swing the pole up and keep it balanced near the
 * centre of a 4.8 m track. Each step (dt 0.01 s, 1,000 steps) earns
 * ((cos θ + 1)/2)·cos((x/2.4)·π/2); leaving the track ends the episode.
 * Many episodes run side by side as the rows of one batch, so the network is
 * evaluated once per time step for all of them.
 */
import { Rng } from '../../core/random.js';
import type { Network } from '../network.js';
import type { GenomeTask } from './task.js';

export const SWINGUP = { gravity: 9.82, cartMass: 0.5, poleMass: 0.5, poleLength: 0.6, force: 10, dt: 0.01, friction: 0.1, steps: 1000, track: 2.4 } as const;
export const SWINGUP_INPUTS = 5;

/** A standard normal draw (Box–Muller) from the run's stream. */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.next(), v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `count` starting states (x, ẋ, θ, θ̇ per row): hanging down, with N(0, 0.2) noise on each. */
export function hangingStarts(count: number, rng: Rng): Float64Array {
  const s = new Float64Array(count * 4);
  for (let r = 0; r < count; r++) {
    s[r * 4] = 0.2 * gaussian(rng); s[r * 4 + 1] = 0.2 * gaussian(rng); s[r * 4 + 2] = Math.PI + 0.2 * gaussian(rng); s[r * 4 + 3] = 0.2 * gaussian(rng);
  }
  return s;
}

/** The pushes of a batch of carts (n rows of 5 observations → n × outputs, the first output read). */
export type Policy = (obs: Float32Array, n: number) => Float32Array;

/** Runs one episode per starting state, all at once, and returns the total reward of each. */
export function swingupEpisodes(policy: Policy, starts: Float64Array): Float64Array {
  const n = starts.length / 4, P = SWINGUP;
  const x = new Float64Array(n), xDot = new Float64Array(n), th = new Float64Array(n), thDot = new Float64Array(n);
  for (let r = 0; r < n; r++) { x[r] = starts[r * 4]; xDot[r] = starts[r * 4 + 1]; th[r] = starts[r * 4 + 2]; thDot[r] = starts[r * 4 + 3]; }
  const total = new Float64Array(n), running = new Uint8Array(n).fill(1), obs = new Float32Array(n * SWINGUP_INPUTS);
  const M = P.cartMass + P.poleMass, ml = P.poleMass * P.poleLength;
  let alive = n;
  for (let t = 0; t < P.steps && alive > 0; t++) {
    for (let r = 0; r < n; r++) {
      const o = r * SWINGUP_INPUTS;
      obs[o] = x[r]; obs[o + 1] = xDot[r]; obs[o + 2] = Math.cos(th[r]); obs[o + 3] = Math.sin(th[r]); obs[o + 4] = thDot[r];
    }
    const action = policy(obs, n), outputs = action.length / n;
    for (let r = 0; r < n; r++) {
      if (!running[r]) continue;
      const a = Math.max(-1, Math.min(1, action[r * outputs] || 0)) * P.force;
      const s = Math.sin(th[r]), c = Math.cos(th[r]), w2 = thDot[r] * thDot[r];
      // Cart and pole accelerations with viscous friction on the cart (the pole as a uniform rod of the given length).
      const xAcc = (-2 * ml * w2 * s + 3 * P.poleMass * P.gravity * s * c + 4 * a - 4 * P.friction * xDot[r]) / (4 * M - 3 * P.poleMass * c * c);
      const thAcc = (-3 * ml * w2 * s * c + 6 * M * P.gravity * s + 6 * (a - P.friction * xDot[r]) * c) / (4 * P.poleLength * M - 3 * ml * c * c);
      // Explicit Euler, positions from the old velocities.
      x[r] += xDot[r] * P.dt; th[r] += thDot[r] * P.dt;
      xDot[r] += xAcc * P.dt; thDot[r] += thAcc * P.dt;
      if (x[r] < -P.track || x[r] > P.track) { running[r] = 0; alive--; continue; }
      total[r] += ((Math.cos(th[r]) + 1) / 2) * Math.cos((x[r] / P.track) * (Math.PI / 2));
    }
  }
  return total;
}

/** The episodes of every shared weight from the same starting states: rows weight-major. */
function sharedEpisodes(net: Network, weights: readonly number[], starts: Float64Array): number[] {
  const E = starts.length / 4, all = new Float64Array(weights.length * E * 4), rowWeight = new Float32Array(weights.length * E);
  weights.forEach((w, k) => { all.set(starts, k * E * 4); rowWeight.fill(w, k * E, (k + 1) * E); });
  const total = swingupEpisodes((obs, n) => net.evaluateRows(obs, n, rowWeight.subarray(0, n)), all);
  return weights.map((_, k) => total.subarray(k * E, (k + 1) * E).reduce((a, b) => a + b, 0) / E);
}

/** Held-out episodes: starting states no search seed draws (a fixed stream of their own). */
const HELD_OUT_SEED = 0x5eed5;

/**
 * `episodes`: per score during the search (their mean; 3 as in the authors' runs); the held-out score is always
 * the mean of 10. The authors' search enabled half of the first networks' connections and ran tournaments of 16.
 */
export const swingupTask = (episodes = 3): GenomeTask => ({
  name: 'swingup', inputs: SWINGUP_INPUTS, outputs: 1, outputActivation: 'linear', scoreName: 'reward over 1,000 steps',
  wannDefaults: { initEnable: 0.5, tournament: 16 },
  sharedScores: (net, weights, evalSeed) => sharedEpisodes(net, weights, hangingStarts(episodes, new Rng(evalSeed))),
  ownScore: (net, evalSeed) => {
    const total = swingupEpisodes((obs, n) => net.evaluate(obs, n), hangingStarts(episodes, new Rng(evalSeed)));
    return total.reduce((a, b) => a + b, 0) / episodes;
  },
  heldOut: (net, weights) => sharedEpisodes(net, weights, hangingStarts(10, new Rng(HELD_OUT_SEED))),
  heldOutOwn: (net) => swingupEpisodes((obs, n) => net.evaluate(obs, n), hangingStarts(10, new Rng(HELD_OUT_SEED))).reduce((a, b) => a + b, 0) / 10,
});
