export { train, type TrainOptions, type TrainResult } from './train.js';
