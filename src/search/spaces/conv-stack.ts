/**
 * Small convolutional networks for images: 1 to `maxBlocks` blocks of
 * conv (3x3 or 5x5, same padding) → ReLU → 2x2 max-pool (down to at most 7x7), then an optional
 * dense hidden layer, then the classifier. Small channel counts keep one
 * trial affordable on a CPU; the layer pattern is the one switch surgery
 * understands, so a found network can be shrunk afterwards.
 */
import type { Rng } from '../../core/random.js';
import { type LayerSpec, buildModel } from '../../nn/spec.js';
import type { SearchSpace } from '../../study/space.js';
import type { TrainableSpace } from '../trainable-space.js';

const CHANNELS = [8, 16, 32, 64] as const;
const KERNELS = [3, 5] as const;
const DENSE = [0, 64, 128, 256] as const;

export interface ConvBlock { channels: number; kernel: number }
export interface ConvStack { blocks: ConvBlock[]; dense: number }

const pick = <T>(xs: readonly T[], rng: Rng): T => xs[rng.int(xs.length)];

/**
 * The layer list of a conv stack on images of `inputShape` ([C, H, W]): pooling after every block stops once
 * the image is 2 pixels wide; a shallow stack is pooled further down to 7 pixels or less before the flatten, so
 * the dense head reads a few hundred features, not thousands.
 */
export function convStackLayers(p: ConvStack, inputShape: number[], outputs: number): LayerSpec[] {
  if (inputShape.length !== 3) throw new Error(`space conv-stack: needs image input [C, H, W], got [${inputShape.join(', ')}]`);
  let [c, h, w] = inputShape;
  const layers: LayerSpec[] = [];
  for (const b of p.blocks) {
    layers.push({ type: 'conv2d', in: c, out: b.channels, kernel: b.kernel, stride: 1, padding: (b.kernel - 1) / 2, bias: true },
      { type: 'activation', op: 'relu', alpha: 0 });
    if (h >= 4 && w >= 4) {
      layers.push({ type: 'maxpool2d', kernel: 2, stride: 2, padding: 0 });
      h = Math.floor(h / 2); w = Math.floor(w / 2);
    }
    c = b.channels;
  }
  while (h > 7 && w > 7) {
    layers.push({ type: 'maxpool2d', kernel: 2, stride: 2, padding: 0 });
    h = Math.floor(h / 2); w = Math.floor(w / 2);
  }
  layers.push({ type: 'flatten' });
  const flat = c * h * w;
  if (p.dense > 0) {
    layers.push({ type: 'dense', in: flat, out: p.dense, activation: 'relu', bias: true }, { type: 'dense', in: p.dense, out: outputs, activation: 'identity', bias: true });
  } else layers.push({ type: 'dense', in: flat, out: outputs, activation: 'identity', bias: true });
  return layers;
}

export function convStackSpace(maxBlocks = 3): TrainableSpace<ConvStack> {
  const block = (rng: Rng): ConvBlock => ({ channels: pick(CHANNELS, rng), kernel: pick(KERNELS, rng) });
  const describe = (p: ConvStack) => `conv ${p.blocks.map((b) => `${b.channels}k${b.kernel}`).join('-')}${p.dense ? ` dense ${p.dense}` : ''}`;
  const isValid = (p: unknown): p is ConvStack => {
    const s = p as ConvStack | null;
    return Array.isArray(s?.blocks) && s.blocks.length >= 1 && s.blocks.length <= maxBlocks && DENSE.includes(s.dense as (typeof DENSE)[number])
      && s.blocks.every((b) => CHANNELS.includes(b?.channels as (typeof CHANNELS)[number]) && KERNELS.includes(b?.kernel as (typeof KERNELS)[number]));
  };
  const search: SearchSpace<ConvStack> = {
    name: 'conv-stack', describe, key: describe, isValid,
    draw: (p) => ({ kind: 'stack', layers: [...p.blocks.map((b) => ({ op: `conv ${b.kernel}×${b.kernel}`, width: b.channels })), ...(p.dense ? [{ op: 'dense relu', width: p.dense }] : [])] }),
    size: DENSE.length * Array.from({ length: maxBlocks }, (_, i) => (CHANNELS.length * KERNELS.length) ** (i + 1)).reduce((a, b) => a + b, 0),
    sample: (rng) => ({ blocks: Array.from({ length: 1 + rng.int(maxBlocks) }, () => block(rng)), dense: pick(DENSE, rng) }),
    mutate(p, rng) {
      const blocks = p.blocks.map((b) => ({ ...b }));
      let dense = p.dense;
      const move = rng.int(4);
      if (move === 0 && blocks.length < maxBlocks) blocks.splice(rng.int(blocks.length + 1), 0, block(rng));
      else if (move === 1 && blocks.length > 1) blocks.splice(rng.int(blocks.length), 1);
      else if (move === 2) dense = pick(DENSE.filter((d) => d !== p.dense), rng);
      else {
        const k = rng.int(blocks.length);
        const before = describe({ blocks: [blocks[k]], dense: 0 });
        for (let t = 0; t < 10 && describe({ blocks: [blocks[k]], dense: 0 }) === before; t++) blocks[k] = block(rng);
      }
      return { blocks, dense };
    },
    crossover(a, b, rng) {
      const head = a.blocks.slice(0, 1 + rng.int(a.blocks.length)), tail = b.blocks.slice(rng.int(b.blocks.length));
      return { blocks: [...head, ...tail].slice(0, maxBlocks).map((x) => ({ ...x })), dense: rng.int(2) ? a.dense : b.dense };
    },
  };
  return {
    name: 'conv-stack',
    description: `1-${maxBlocks} blocks of conv ${KERNELS.join('/')}x${KERNELS.join('/')} × ${CHANNELS.join('/')} channels → ReLU → max-pool, dense head ${DENSE.join('/')} (images)`,
    search,
    build(p, inputShape, outputs, seed) {
      if (!isValid(p)) throw new Error(`space conv-stack: ${JSON.stringify(p)} is not { blocks: 1-${maxBlocks} × { channels: ${CHANNELS.join('|')}, kernel: ${KERNELS.join('|')} }, dense: ${DENSE.join('|')} }`);
      return buildModel({ format: 'topiary-sequential', version: 1, inputShape, layers: convStackLayers(p, inputShape, outputs) }, seed);
    },
  };
}
