export { type MorphStep, type WidenStep, type DeepenStep, type WidenKernelStep, type MorphContext, type MorphResult, type Morphism, describeStep } from './morphism.js';
export { MORPHISMS, applyMorphism, morphRefusal } from './morphisms.js';
export { type UnitGroup, unitGroup, hiddenGroupCount, traceShapes } from './unit-group.js';
export { type GrowthRule, DEFAULT_GROWTH } from './growth-rule.js';
export { growAndShrink, type GrowOptions, type GrowResult, type GrowEpochLog, type GrowthEvent } from './grow-and-shrink.js';
export { growthChart } from './growth-chart.js';
export { addCellEdge, cellEdgeRefusal, type CellEdgeStep } from './cell-edge.js';
export { growRun, type GrowRunOptions } from './grow-run.js';
export { grow, type GrowCallOptions } from './grow.js';
