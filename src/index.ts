export * from './core/index.js';
export * from './nn/index.js';
export * from './optim/index.js';
export * from './data/index.js';
export * from './train/index.js';
export * from './io/index.js';
export * from './store/index.js';
export * from './diagnose/index.js';
