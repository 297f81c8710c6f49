export { EXPORT_FORMATS, type ExportFormat, type ExportSource, type ExportResult, exportModel, loadExportSource, sourceFromArchModel, sourceFromOpGraph, sourceFromSequential, writeExport } from './export-model.js';
export type { GraphNode, InferenceGraph } from './graph.js';
export { toOnnx, ONNX_OPSET } from './onnx.js';
export { toTfjs, type TfjsArtifacts } from './tfjs.js';
