export { Switch, type DeathRule } from './switch.js';
export { keepUnits, removeDead } from './surgery.js';
export { foldSwitches } from './fold.js';
export { compressTrain, switchedMlp, switchedCnn, parseCnnArch, switchSizes, DEFAULT_COMPRESS, type CompressOptions, type CompressResult, type CompressEpochLog } from './compress.js';
export { SizeGate, totalGatePenalty, type SizeGateOptions } from './size-gate.js';
export { gridVerdict, type GridScore, type GridVerdict } from './grid-verdict.js';
export { compressAndCompare, type ShrinkComparison } from './compare.js';
export { switchedModel, widenDense } from './switched.js';
