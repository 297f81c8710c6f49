export { type Objective, type Direction, parseObjectives, formatObjectives, oriented, dominates } from './objectives.js';
export { nondominatedSort, crowdingDistance, rankOrder, paretoFront, hypervolume } from './pareto.js';
export { type SearchSpace, type Genotype, categoricalSpace, genotypeKey } from './space.js';
export { type Strategy, type StrategyContext, type StrategyEntry, type FinishedTrial, requireChoices } from './strategy.js';
export { Study, type StudyOptions, type AskedTrial, type TrialOutcome as StudyTrialOutcome, type Scalarization } from './study.js';
export { runStudy, type RunStudyOptions, type RunTrial, type TrialContext, type Evaluation } from './run-study.js';
export { PRUNERS, prunerEntry, type Pruner, type PrunerEntry, type PrunerSettings, type PrunerTrial } from './pruners/index.js';
export { describeStudy, type StudyReport, type TrialBrief } from './describe.js';
export { SharedStudy, type SharedStudyOptions } from './shared-study.js';
