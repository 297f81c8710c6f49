/**
 * Image preprocessing for small evolved networks that see raw pixels (WANN's
 * MNIST-256): straightening the slant of handwriting by its second moments
 * (deskewing) and shrinking an image by area averaging.
 */

/**
 * Deskews one H×W grey image: the shear that makes the pixel mass's row–column covariance zero, about its
 * centroid, which is moved to the image centre. Sampled bilinearly; outside the image counts as 0.
 */
export function deskew(img: Float32Array, h: number, w: number): Float32Array {
  let mass = 0, my = 0, mx = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const v = img[y * w + x]; mass += v; my += v * y; mx += v * x; }
  if (mass === 0) return Float32Array.from(img);
  my /= mass; mx /= mass;
  let vyy = 0, vxy = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const v = img[y * w + x]; vyy += v * (y - my) ** 2; vxy += v * (y - my) * (x - mx); }
  const skew = vyy > 0 ? vxy / vyy : 0;
  const cy = (h - 1) / 2, cx = (w - 1) / 2, out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // The output pixel (y, x) reads the input where the sheared line through the centroid passes.
      const sy = y - cy + my, sx = x - cx + mx + skew * (y - cy);
      out[y * w + x] = bilinear(img, h, w, sy, sx);
    }
  }
  return out;
}

function bilinear(img: Float32Array, h: number, w: number, y: number, x: number): number {
  const y0 = Math.floor(y), x0 = Math.floor(x), fy = y - y0, fx = x - x0;
  const at = (yy: number, xx: number) => (yy >= 0 && yy < h && xx >= 0 && xx < w ? img[yy * w + xx] : 0);
  return (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
}

/** Shrinks an H×W image to h×w by area averaging: each output pixel is the mean over the input area it covers. */
export function resizeArea(img: Float32Array, H: number, W: number, h: number, w: number): Float32Array {
  const out = new Float32Array(h * w), sy = H / h, sx = W / w;
  for (let oy = 0; oy < h; oy++) {
    for (let ox = 0; ox < w; ox++) {
      let sum = 0;
      const y0 = oy * sy, y1 = y0 + sy, x0 = ox * sx, x1 = x0 + sx;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y1, y + 1) - Math.max(y0, y);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) sum += wy * (Math.min(x1, x + 1) - Math.max(x0, x)) * img[y * W + x];
      }
      out[oy * w + ox] = sum / (sy * sx);
    }
  }
  return out;
}

/** Every image of a batch (n × H·W) deskewed and shrunk to h×w. */
export function deskewAndShrink(x: Float32Array, n: number, H: number, W: number, h: number, w: number): Float32Array {
  const out = new Float32Array(n * h * w);
  for (let i = 0; i < n; i++) out.set(resizeArea(deskew(x.subarray(i * H * W, (i + 1) * H * W), H, W), H, W, h, w), i * h * w);
  return out;
}
