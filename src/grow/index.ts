export { type MorphStep, type WidenStep, type DeepenStep, type WidenKernelStep, type MorphContext, type MorphResult, type Morphism, describeStep } from './morphism.js';
export { MORPHISMS, applyMorphism, morphRefusal } from './morphisms.js';
export { type UnitGroup, unitGroup, hiddenGroupCount, traceShapes } from './unit-group.js';
