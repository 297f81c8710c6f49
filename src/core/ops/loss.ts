/** Fused losses: softmax cross-entropy and mean squared error. */
import { isGradEnabled, record } from '../autograd.js';
import { kernel } from '../backend.js';
import { Tensor, formatShape } from '../tensor.js';
import { binaryRaw } from './elementwise-raw.js';

function checkLabels(labels: Int32Array, rows: number, classes: number): void {
  if (labels.length !== rows) throw new Error(`softmaxCrossEntropy: ${labels.length} labels for ${rows} rows of logits`);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0 || labels[i] >= classes) {
      throw new Error(`softmaxCrossEntropy: label ${labels[i]} at row ${i} is outside [0, ${classes - 1}]`);
    }
  }
}

/** A loss whose kernel returns the value and, when a gradient is wanted, writes d(loss)/d(input) in the same pass. */
function fusedLoss(op: string, input: Tensor, compute: (grad: Float32Array | null) => number): Tensor {
  const grad = isGradEnabled() && input.requiresGrad ? Tensor.empty(input.shape) : null;
  const loss = Tensor.scalar(compute(grad?.data ?? null));
  return record(loss, op, [input], (g) => [binaryRaw('mul', grad!, g)]);
}

/** Mean over rows of −log softmax(logits)[label]; logits [rows, classes]. */
export function softmaxCrossEntropy(logits: Tensor, labels: Int32Array): Tensor {
  if (logits.rank !== 2) throw new Error(`softmaxCrossEntropy: expected logits [rows, classes], got ${formatShape(logits.shape)}`);
  logits.assertLive('softmaxCrossEntropy');
  const [rows, classes] = logits.shape;
  checkLabels(labels, rows, classes);
  return fusedLoss('softmaxCrossEntropy', logits, (grad) => kernel().softmaxCrossEntropy(logits.data, labels, rows, classes, grad));
}

/** Mean of (pred − target)²; shapes must match. */
export function mse(pred: Tensor, target: Tensor): Tensor {
  if (pred.size !== target.size) {
    throw new Error(`mse: prediction ${formatShape(pred.shape)} and target ${formatShape(target.shape)} differ in size`);
  }
  pred.assertLive('mse');
  return fusedLoss('mse', pred, (grad) => kernel().mse(pred.data, target.data, pred.size, grad));
}

/** Row-wise softmax of [rows, classes]. */
export function softmax(x: Tensor): Tensor {
  if (x.rank !== 2) throw new Error(`softmax: expected [rows, classes], got ${formatShape(x.shape)}`);
  x.assertLive('softmax');
  const [rows, cols] = x.shape;
  const y = Tensor.empty(x.shape);
  kernel().softmax(x.data, y.data, rows, cols);
  return record(y, 'softmax', [x], (g) => {
    const gx = Tensor.empty(x.shape);
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += g.data[r * cols + j] * y.data[r * cols + j];
      for (let j = 0; j < cols; j++) gx.data[r * cols + j] = y.data[r * cols + j] * (g.data[r * cols + j] - dot);
    }
    return [gx];
  });
}
