export { train, type TrainOptions, type TrainResult } from './train.js';
export { search } from './search.js';
