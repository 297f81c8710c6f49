export { shapiroWilk, shapiroPValue, type ShapiroResult } from './shapiro.js';
export { fitExpNormal, fitTwoGammas, gammaPdf, digamma, logGamma, type ExpNormalFit, type GammaFit, type EmOptions } from './mixtures.js';
export { pca, type PcaResult } from './pca.js';
export { symmetricEigenvalues } from '../core/float64-linalg.js';
export { activationStats, type ActivationStats } from './activations.js';
export { normalCdf, normalQuantile, normalPdf, erfc } from './normal.js';
export { collectActivations, hiddenLayers, type LayerActivations } from './collect.js';
export { layerReport, type LayerReport } from './layer-report.js';
export { diagnoseModel, plotVariances, type DiagnoseOptions } from './diagnose-model.js';
