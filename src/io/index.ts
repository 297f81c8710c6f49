export { writeFileAtomic } from './atomic.js';
export { saveModel, loadModel, type ModelFile } from './model-file.js';
