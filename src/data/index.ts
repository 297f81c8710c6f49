export * from './dataset.js';
export { DataError } from './errors.js';
export { readIdx } from './idx.js';
export { resolveDataDir } from './data-dir.js';
export { DATASETS, findDataset, loadDataset, type DatasetEntry } from './registry.js';
export { prepare, stratifiedSplit, batches, type Prepared, type PrepareOptions } from './prepare.js';
export { generateAdd10, loadCsv } from './tabular.js';
export { download, verifyFile, md5File, type FileSource } from './download.js';
export { datasetOf, ioSizes, type DatasetRef, type DatasetSource } from './source.js';
