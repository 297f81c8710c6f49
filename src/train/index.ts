export { fit, type FitOptions, type FitResult, type EpochLog, type Callbacks, type StopReason } from './fit.js';
export { evaluate, formatScore, formatValidation, validMetrics, testScores, type Metrics } from './metrics.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint.js';
export { trainEpoch, type EpochOptions } from './epoch.js';
export { headlineScore, splitMetrics, canonicalMetricName } from './metric-vocabulary.js';
