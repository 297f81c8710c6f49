export { neat, type NeatRunOptions } from './neat-call.js';
export { wann, type WannRunOptions } from './wann-call.js';
export { neatXor } from './xor.js';
export { runNeat } from './run-neat.js';
export { runWann, type GenerationSummary } from './run-wann.js';
export { GENOME_TASKS, makeTask, type GenomeTaskName } from './tasks/index.js';
export { type Genome } from './genome.js';
export { genomeDrawing } from './genome-drawing.js';
