export { autofit, datasetLabel, describeSpec, type AutofitOptions, type AutofitProgress, type AutofitResult } from './autofit.js';
export { planAutofit, MIN_BUDGET_SECONDS, type AutofitPlan } from './plan.js';
