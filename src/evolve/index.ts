export { EV_OPS, EV_OP_DEFS, parseOpList, type EvOpName } from './ops.js';
export { EvLayer, type EvOp, type Operand, type Normalization } from './ev-layer.js';
export { EvolvingNet, type EvNetSpec, type EvLayerSpec } from './ev-net.js';
export { trainEvolving, describeOp, type EvolveOptions, type EvolvePolicy, type EvolveEpochLog } from './evolve-loop.js';
export { evolve, type EvolveRunOptions } from './evolve-run.js';
export { ensembleMetrics } from './ensemble.js';
