/**
 * The interface every weight-sharing strategy implements (one file each under strategies/, one registry entry):
 * how it trains the supernet for one pair of batches, and how it reads an architecture off the trained supernet.
 */
import type { Batch, OneShotContext } from './context.js';

export interface OneShotStrategy {
  readonly name: string;
  readonly description: string;
  /** Whether α is learned (and gets its own optimizer). */
  readonly learnsAlpha: boolean;
  /**
   * False when the strategy keeps state across epochs that a checkpoint of the supernet does not hold (ENAS's
   * controller): a stopped search of it starts over instead of resuming mid-search.
   */
  readonly checkpointable?: boolean;
  /** Before each epoch (e.g. to anneal a temperature). */
  startEpoch?(ctx: OneShotContext): void;
  /** After each epoch's steps (e.g. to train a controller). */
  endEpoch?(ctx: OneShotContext): void;
  /** Trains on one batch of each half; returns the network's training loss on the weight batch. */
  step(ctx: OneShotContext, weightBatch: Batch, archBatch: Batch): number;
  /** After training: one op index per edge. May train further (e.g. fine-tune between decisions). */
  derive(ctx: OneShotContext): number[];
}

/** A strategy as the registry lists it: a description and a factory (strategies may keep state for one search). */
export interface OneShotEntry { description: string; create(): OneShotStrategy }

/** A registry entry from a strategy's name, description and a maker of the rest (called afresh for every search). */
export function oneShotEntryOf(name: string, description: string, make: () => Omit<OneShotStrategy, 'name' | 'description'>): OneShotEntry {
  return { description, create: () => ({ name, description, ...make() }) };
}
