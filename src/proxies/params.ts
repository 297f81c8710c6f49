/** The parameter count: the baseline every zero-cost proxy has to beat (bigger networks often do better). */
import type { Module } from '../nn/module.js';
import type { ZeroCostProxy } from './proxy.js';

export const paramCount: ZeroCostProxy = {
  name: 'params',
  description: 'the number of trainable parameters (the baseline)',
  score: (model: Module) => model.parameters().reduce((a, p) => a + p.data.length, 0),
};
