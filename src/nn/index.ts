export { Module } from './module.js';
export { Parameter } from './parameter.js';
export { Dense, type DenseOptions } from './dense.js';
export { Conv2d, type Conv2dLayerOptions } from './conv2d.js';
export { MaxPool2d, AvgPool2d, Flatten, Activation, Dropout } from './layers.js';
export { BatchNorm, type BatchNormOptions } from './batchnorm.js';
export { Sequential } from './sequential.js';
export { initValues, type InitName } from './init.js';
export { buildModel, specOf, validateSpec, parseArch, type ModelSpec, type LayerSpec } from './spec.js';
