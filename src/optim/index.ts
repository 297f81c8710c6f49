export { Optimizer } from './optimizer.js';
export { SGD, type SgdOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { AdaMax } from './adamax.js';
export * from './schedules.js';
export { OPTIMIZERS, SCHEDULES, optimizerByName, scheduleByName, type OptimizerName, type ScheduleName } from './by-name.js';
