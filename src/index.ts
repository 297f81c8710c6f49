export * from './core/index.js';
export * from './nn/index.js';
export * from './optim/index.js';
