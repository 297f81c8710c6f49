// Compute kernels, compiled once per instruction set: the build defines KNS
// (namespace) and passes the matching -m flags, so GCC's vector extensions
// below become AVX-512, AVX2 or SSE code without intrinsics.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "kernels.h"

#if defined(KNS_IS_AVX512)
#include <immintrin.h>
#endif

#ifndef KNS
#error "KNS (kernel namespace) must be defined by the build"
#endif

namespace topi {
namespace KNS {
namespace {

#if defined(KNS_IS_AVX512)
constexpr int VL = 16;
constexpr int MR = 12;
#elif defined(KNS_IS_AVX2)
constexpr int VL = 8;
constexpr int MR = 6;
#else
constexpr int VL = 4;
constexpr int MR = 6;
#endif
constexpr int NR = 2 * VL;
constexpr int KC = 256;
constexpr int MC = MR * 8;
constexpr int NC = NR * 64;

typedef float vf __attribute__((vector_size(VL * sizeof(float))));

inline vf loadu(const float* p) { vf v; std::memcpy(&v, p, sizeof v); return v; }
inline void storeu(float* p, vf v) { std::memcpy(p, &v, sizeof v); }

// ---- activations (codes match src/core/kernel.ts) ----
enum Unary { U_IDENTITY, U_RELU, U_LEAKY, U_TANH, U_SIGMOID, U_SOFTPLUS, U_GELU, U_SIN, U_COS, U_GAUSSIAN, U_STEP,
             U_ABS, U_NEG, U_EXP, U_LOG, U_SQRT, U_SQUARE, U_RECIPROCAL };

inline float act_fwd(int op, float x, float a) {
  switch (op) {
    case U_IDENTITY: return x;
    case U_RELU: return x > 0.f ? x : 0.f;
    case U_LEAKY: return x > 0.f ? x : a * x;
    case U_TANH: return std::tanh(x);
    case U_SIGMOID: return 1.f / (1.f + std::exp(-x));
    case U_SOFTPLUS: return std::log1p(std::exp(-std::fabs(x))) + std::max(x, 0.f);
    case U_GELU: return 0.5f * x * (1.f + std::erf(x * 0.70710678118654752f));
    case U_SIN: return std::sin(x);
    case U_COS: return std::cos(x);
    case U_GAUSSIAN: return std::exp(-0.5f * x * x);
    case U_STEP: return x > 0.f ? 1.f : 0.f;
    case U_ABS: return std::fabs(x);
    case U_NEG: return -x;
    case U_EXP: return std::exp(x);
    case U_LOG: return std::log(x);
    case U_SQRT: return std::sqrt(x);
    case U_SQUARE: return x * x;
    case U_RECIPROCAL: return 1.f / x;
  }
  return x;
}

inline float act_grad(int op, float x, float y, float a) {
  switch (op) {
    case U_IDENTITY: return 1.f;
    case U_RELU: return x > 0.f ? 1.f : 0.f;
    case U_LEAKY: return x > 0.f ? 1.f : a;
    case U_TANH: return 1.f - y * y;
    case U_SIGMOID: return y * (1.f - y);
    case U_SOFTPLUS: return 1.f / (1.f + std::exp(-x));
    case U_GELU: return 0.5f * (1.f + std::erf(x * 0.70710678118654752f)) +
                        x * 0.39894228040143268f * std::exp(-0.5f * x * x);
    case U_SIN: return std::cos(x);
    case U_COS: return -std::sin(x);
    case U_GAUSSIAN: return -x * y;
    case U_STEP: return 0.f;
    case U_ABS: return x > 0.f ? 1.f : (x < 0.f ? -1.f : 0.f);
    case U_NEG: return -1.f;
    case U_EXP: return y;
    case U_LOG: return 1.f / x;
    case U_SQRT: return 0.5f / y;
    case U_SQUARE: return 2.f * x;
    case U_RECIPROCAL: return -y * y;
  }
  return 1.f;
}

// ---- GEMM: packed panels + register-blocked micro-kernel ----
float* thread_buffer(int which, size_t floats) {
  thread_local float* bufs[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};
  thread_local size_t caps[5] = {0, 0, 0, 0, 0};
  if (caps[which] < floats) {
    std::free(bufs[which]);
    size_t bytes = ((floats * sizeof(float)) + 63) / 64 * 64;
    bufs[which] = static_cast<float*>(std::aligned_alloc(64, bytes));
    caps[which] = floats;
  }
  return bufs[which];
}

void pack_a(bool ta, const float* A, int lda, int i0, int mc, int k0, int kc, float* dst) {
  for (int p = 0; p < mc; p += MR) {
    int mr = std::min(MR, mc - p);
    if (ta) {
      for (int k = 0; k < kc; ++k) {
        const float* src = A + (size_t)(k0 + k) * lda + i0 + p;
        int i = 0;
        for (; i < mr; ++i) dst[k * MR + i] = src[i];
        for (; i < MR; ++i) dst[k * MR + i] = 0.f;
      }
    } else {
      for (int i = 0; i < MR; ++i) {
        if (i < mr) {
          const float* src = A + (size_t)(i0 + p + i) * lda + k0;
          for (int k = 0; k < kc; ++k) dst[k * MR + i] = src[k];
        } else {
          for (int k = 0; k < kc; ++k) dst[k * MR + i] = 0.f;
        }
      }
    }
    dst += MR * kc;
  }
}

void pack_b(bool tb, const float* B, int ldb, int k0, int kc, int j0, int nc, float* dst) {
  for (int p = 0; p < nc; p += NR) {
    int nr = std::min(NR, nc - p);
    if (!tb) {
      for (int k = 0; k < kc; ++k) {
        const float* src = B + (size_t)(k0 + k) * ldb + j0 + p;
        float* d = dst + k * NR;
        if (nr == NR) {
          storeu(d, loadu(src));
          storeu(d + VL, loadu(src + VL));
        } else {
          int j = 0;
          for (; j < nr; ++j) d[j] = src[j];
          for (; j < NR; ++j) d[j] = 0.f;
        }
      }
    } else {
      for (int j = 0; j < NR; ++j) {
        if (j < nr) {
          const float* src = B + (size_t)(j0 + p + j) * ldb + k0;
          for (int k = 0; k < kc; ++k) dst[k * NR + j] = src[k];
        } else {
          for (int k = 0; k < kc; ++k) dst[k * NR + j] = 0.f;
        }
      }
    }
    dst += NR * kc;
  }
}

// C[mr x nr] = alpha * Ap*Bp + beta * C; beta == 0 never reads C.
inline void micro_kernel(int kc, const float* __restrict Ap, const float* __restrict Bp, float* C, int ldc, int mr,
                         int nr, float alpha, float beta) {
  vf c0[MR], c1[MR];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i) { c0[i] = vf{}; c1[i] = vf{}; }
  for (int k = 0; k < kc; ++k) {
    vf b0 = loadu(Bp), b1 = loadu(Bp + VL);
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      float a = Ap[i];
      c0[i] += b0 * a;
      c1[i] += b1 * a;
    }
    Ap += MR;
    Bp += NR;
  }
  if (mr == MR && nr == NR) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      float* row = C + (size_t)i * ldc;
      if (beta == 0.f) {
        storeu(row, c0[i] * alpha);
        storeu(row + VL, c1[i] * alpha);
      } else {
        storeu(row, c0[i] * alpha + loadu(row) * beta);
        storeu(row + VL, c1[i] * alpha + loadu(row + VL) * beta);
      }
    }
    return;
  }
  alignas(64) float tmp[MR * NR];
  for (int i = 0; i < MR; ++i) { storeu(tmp + i * NR, c0[i]); storeu(tmp + i * NR + VL, c1[i]); }
  for (int i = 0; i < mr; ++i) {
    float* row = C + (size_t)i * ldc;
    for (int j = 0; j < nr; ++j) row[j] = alpha * tmp[i * NR + j] + (beta == 0.f ? 0.f : beta * row[j]);
  }
}

void epilogue(float* C, int ldc, int i0, int mc, int j0, int nc, const float* bias, int bias_mode, int act,
              float act_alpha) {
  if (bias_mode == BIAS_NONE && act == U_IDENTITY) return;
  for (int i = 0; i < mc; ++i) {
    float* row = C + (size_t)(i0 + i) * ldc + j0;
    if (bias_mode == BIAS_PER_COL) {
      for (int j = 0; j < nc; ++j) row[j] += bias[j0 + j];
    } else if (bias_mode == BIAS_PER_ROW) {
      float b = bias[i0 + i];
      for (int j = 0; j < nc; ++j) row[j] += b;
    }
    if (act == U_RELU) {
      for (int j = 0; j < nc; ++j) row[j] = row[j] > 0.f ? row[j] : 0.f;
    } else if (act != U_IDENTITY) {
      for (int j = 0; j < nc; ++j) row[j] = act_fwd(act, row[j], act_alpha);
    }
  }
}

inline int64_t padded(int64_t n, int64_t block) { return (n + block - 1) / block * block; }

// Packs all of op(B) once, in the block order gemm_serial walks, so a loop of GEMMs sharing
// one operand (a convolution's weights, image after image) packs it once instead of once per image.
std::vector<float> prepack_b(bool tb, const float* B, int ldb, int K, int N) {  // requires N <= NC
  std::vector<float> out((size_t)padded(N, NR) * K);
  for (int pc = 0; pc < K; pc += KC)
    pack_b(tb, B, ldb, pc, std::min(KC, K - pc), 0, N, out.data() + (size_t)pc * padded(N, NR));
  return out;
}

void gemm_serial(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                 float beta, float* C, int ldc, const float* bias, int bias_mode, int act, float act_alpha,
                 const float* pre_b = nullptr) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[(size_t)i * ldc + j] = beta == 0.f ? 0.f : beta * C[(size_t)i * ldc + j];
    epilogue(C, ldc, 0, M, 0, N, bias, bias_mode, act, act_alpha);
    return;
  }
  float* pa = thread_buffer(0, (size_t)MC * KC);
  float* pb = thread_buffer(1, (size_t)KC * NC);
  for (int jc = 0; jc < N; jc += NC) {
    int nc = std::min(NC, N - jc);
    for (int pc = 0; pc < K; pc += KC) {
      int kc = std::min(KC, K - pc);
      float beta_k = pc == 0 ? beta : 1.f;
      bool last = pc + kc >= K;
      const float* bblock = pb;
      if (pre_b) bblock = pre_b + (size_t)pc * padded(N, NR);
      else pack_b(tb, B, ldb, pc, kc, jc, nc, pb);
      for (int ic = 0; ic < M; ic += MC) {
        int mc = std::min(MC, M - ic);
        pack_a(ta, A, lda, ic, mc, pc, kc, pa);
        for (int jr = 0; jr < nc; jr += NR) {
          int nr = std::min(NR, nc - jr);
          const float* bp = bblock + (size_t)(jr / NR) * NR * kc;
          for (int ir = 0; ir < mc; ir += MR) {
            int mr = std::min(MR, mc - ir);
            micro_kernel(kc, pa + (size_t)(ir / MR) * MR * kc, bp, C + (size_t)(ic + ir) * ldc + jc + jr, ldc, mr, nr,
                         alpha, beta_k);
          }
        }
        if (last) epilogue(C, ldc, ic, mc, jc, nc, bias, bias_mode, act, act_alpha);
      }
    }
  }
}

void gemm_threaded(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                   int ldb, float beta, float* C, int ldc, const float* bias, int bias_mode, int act, float act_alpha);

void gemm(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc, const float* bias, int bias_mode, int act, float act_alpha) {
  if (N < NR / 2 && M >= 2 * MR && K > 0) {
    // A narrow C wastes most of each NR-wide register tile: compute Cᵀ = op(B)ᵀ·op(A)ᵀ instead, then transpose.
    float* t = thread_buffer(3, (size_t)N * M);
    gemm_threaded(!tb, !ta, N, M, K, 1.f, B, ldb, A, lda, 0.f, t, M, nullptr, BIAS_NONE, U_IDENTITY, 0.f);
    for (int i = 0; i < M; ++i) {
      float* row = C + (size_t)i * ldc;
      for (int j = 0; j < N; ++j) row[j] = alpha * t[(size_t)j * M + i] + (beta == 0.f ? 0.f : beta * row[j]);
    }
    epilogue(C, ldc, 0, M, 0, N, bias, bias_mode, act, act_alpha);
    return;
  }
  gemm_threaded(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, bias, bias_mode, act, act_alpha);
}

void gemm_threaded(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                   int ldb, float beta, float* C, int ldc, const float* bias, int bias_mode, int act, float act_alpha) {
  int nt = num_threads();
  double flops = 2.0 * M * N * std::max(K, 1);
  if (nt <= 1 || flops < 4e6) {
    gemm_serial(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, bias, bias_mode, act, act_alpha);
    return;
  }
  if (N >= 2 * NR * nt || M < 2 * MR * nt) {
    int64_t blocks = (N + NR - 1) / NR;
    parallel_chunks(blocks, 1, [&](int64_t b0, int64_t b1, int) {
      int j0 = (int)(b0 * NR), j1 = std::min(N, (int)(b1 * NR));
      if (j1 <= j0) return;
      const float* Bj = tb ? B + (size_t)j0 * ldb : B + j0;
      const float* bj = bias_mode == BIAS_PER_COL ? bias + j0 : bias;
      gemm_serial(ta, tb, M, j1 - j0, K, alpha, A, lda, Bj, ldb, beta, C + j0, ldc, bj, bias_mode, act, act_alpha);
    });
  } else {
    int64_t blocks = (M + MR - 1) / MR;
    parallel_chunks(blocks, 1, [&](int64_t b0, int64_t b1, int) {
      int i0 = (int)(b0 * MR), i1 = std::min(M, (int)(b1 * MR));
      if (i1 <= i0) return;
      const float* Ai = ta ? A + i0 : A + (size_t)i0 * lda;
      const float* bi = bias_mode == BIAS_PER_ROW ? bias + i0 : bias;
      gemm_serial(ta, tb, i1 - i0, N, K, alpha, Ai, lda, B, ldb, beta, C + (size_t)i0 * ldc, ldc, bi, bias_mode, act,
                  act_alpha);
    });
  }
}

// ---- convolution: im2col + GEMM, images split across threads ----
// Output columns [ow0, ow1) read inside the image for kernel column kw; the rest read padding.
inline void valid_cols(const ConvGeom& g, int kw, int& ow0, int& ow1) {
  int lo = g.PW - kw, hi = g.W + g.PW - kw;  // need lo <= ow*SW < hi
  ow0 = lo <= 0 ? 0 : (lo + g.SW - 1) / g.SW;
  ow1 = hi <= 0 ? 0 : std::min(g.OW, (hi + g.SW - 1) / g.SW);
  if (ow0 > ow1) ow0 = ow1;
}

// One output row of im2col: d[ow] = src[ow·SW] for ow in [ow0, ow1), 0 elsewhere in [0, OW). Rows are short
// (14 to 32 floats in small convolutions), so the AVX-512 build moves them in masked 16-lane pieces: lanes outside
// [ow0, ow1) are neither read nor kept, which writes the zero padding in the same store.
inline void gather_row(float* d, const float* src, int OW, int ow0, int ow1, int SW) {
#if defined(KNS_IS_AVX512)
  if (SW == 1) {
    for (int o = 0; o < OW; o += 16) {
      int n = std::min(16, OW - o);
      int lo = std::max(ow0 - o, 0), hi = std::min(ow1 - o, n);
      __mmask16 valid = hi > lo ? (__mmask16)(((1u << hi) - 1u) & ~((1u << lo) - 1u)) : 0;
      __m512 v = _mm512_maskz_loadu_ps(valid, src + o);
      _mm512_mask_storeu_ps(d + o, (__mmask16)((1u << n) - 1u), v);
    }
    return;
  }
#endif
  for (int ow = 0; ow < ow0; ++ow) d[ow] = 0.f;
  if (SW == 1) {
    for (int ow = ow0; ow < ow1; ++ow) d[ow] = src[ow];
  } else {
    for (int ow = ow0; ow < ow1; ++ow) d[ow] = src[ow * SW];
  }
  for (int ow = ow1; ow < OW; ++ow) d[ow] = 0.f;
}

// The adjoint of gather_row: dst[ow·SW] += s[ow] for ow in [ow0, ow1).
inline void scatter_add_row(float* dst, const float* s, int ow0, int ow1, int SW) {
#if defined(KNS_IS_AVX512)
  if (SW == 1) {
    for (int o = ow0; o < ow1; o += 16) {
      __mmask16 m = (__mmask16)((1u << std::min(16, ow1 - o)) - 1u);
      _mm512_mask_storeu_ps(dst + o, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, dst + o), _mm512_maskz_loadu_ps(m, s + o)));
    }
    return;
  }
#endif
  if (SW == 1) {
    for (int ow = ow0; ow < ow1; ++ow) dst[ow] += s[ow];
  } else {
    for (int ow = ow0; ow < ow1; ++ow) dst[ow * SW] += s[ow];
  }
}

void im2col(const float* x, float* col, const ConvGeom& gr) {
  const ConvGeom g = gr;
  const int ld = g.OH * g.OW;
  for (int c = 0; c < g.C; ++c)
    for (int kh = 0; kh < g.KH; ++kh)
      for (int kw = 0; kw < g.KW; ++kw) {
        float* dst = col + (size_t)((c * g.KH + kh) * g.KW + kw) * ld;
        const float* plane = x + (size_t)c * g.H * g.W;
        int ow0, ow1;
        valid_cols(g, kw, ow0, ow1);
        for (int oh = 0; oh < g.OH; ++oh) {
          int ih = oh * g.SH - g.PH + kh;
          float* d = dst + oh * g.OW;
          if (ih < 0 || ih >= g.H) { std::memset(d, 0, sizeof(float) * g.OW); continue; }
          gather_row(d, plane + (size_t)ih * g.W - g.PW + kw, g.OW, ow0, ow1, g.SW);
        }
      }
}

void col2im_add(const float* col, float* x, const ConvGeom& gr) {
  const ConvGeom g = gr;
  const int ld = g.OH * g.OW;
  for (int c = 0; c < g.C; ++c)
    for (int kh = 0; kh < g.KH; ++kh)
      for (int kw = 0; kw < g.KW; ++kw) {
        const float* src = col + (size_t)((c * g.KH + kh) * g.KW + kw) * ld;
        float* plane = x + (size_t)c * g.H * g.W;
        int ow0, ow1;
        valid_cols(g, kw, ow0, ow1);
        for (int oh = 0; oh < g.OH; ++oh) {
          int ih = oh * g.SH - g.PH + kh;
          if (ih < 0 || ih >= g.H) continue;
          scatter_add_row(plane + (size_t)ih * g.W - g.PW + kw, src + oh * g.OW, ow0, ow1, g.SW);
        }
      }
}

bool is_pointwise(const ConvGeom& g) {
  return g.KH == 1 && g.KW == 1 && g.SH == 1 && g.SW == 1 && g.PH == 0 && g.PW == 0;
}

void gemm_single(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                 float beta, float* C, int ldc, const float* bias, int bias_mode, int act, float act_alpha) {
  gemm_serial(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, bias, bias_mode, act, act_alpha);
}

// Which way round to multiply: the register tile is MR x NR, so put the dimension that fills NR best on N.
inline bool prefer_transposed(int rows, int cols) {
  return padded(cols, MR) * padded(rows, NR) < padded(rows, MR) * padded(cols, NR);
}

void conv2d_forward(const float* x, const float* w, const float* b, float* y, const ConvGeom& g) {
  int ckk = g.C * g.KH * g.KW, ohw = g.OH * g.OW;
  size_t xs = (size_t)g.C * g.H * g.W, ys = (size_t)g.OC * ohw;
  int mode = b ? BIAS_PER_ROW : BIAS_NONE;
  bool transposed = prefer_transposed(g.OC, ohw);
  bool per_image = g.N >= num_threads() && num_threads() > 1;
  std::vector<float> wpack;
  if (transposed && per_image && g.OC <= NC) wpack = prepack_b(true, w, ckk, ckk, g.OC);
  auto one = [&](int n, bool threaded) {
    const float* col = x + n * xs;
    if (!is_pointwise(g)) {
      float* buf = thread_buffer(2, (size_t)ckk * ohw);
      im2col(x + n * xs, buf, g);
      col = buf;
    }
    auto mm = threaded ? gemm : gemm_single;
    float* yn = y + n * ys;
    if (!transposed) {
      mm(false, false, g.OC, ohw, ckk, 1.f, w, ckk, col, ohw, 0.f, yn, ohw, b, mode, U_IDENTITY, 0.f);
      return;
    }
    // yᵀ [ohw, OC] = colᵀ · Wᵀ, then transpose into NCHW while adding the bias.
    float* t = thread_buffer(3, (size_t)ohw * g.OC);
    if (!threaded && !wpack.empty()) {
      gemm_serial(true, true, ohw, g.OC, ckk, 1.f, col, ohw, w, ckk, 0.f, t, g.OC, nullptr, BIAS_NONE, U_IDENTITY, 0.f,
                  wpack.data());
    } else {
      mm(true, true, ohw, g.OC, ckk, 1.f, col, ohw, w, ckk, 0.f, t, g.OC, nullptr, BIAS_NONE, U_IDENTITY, 0.f);
    }
    for (int oc = 0; oc < g.OC; ++oc) {
      float bias = b ? b[oc] : 0.f;
      float* row = yn + (size_t)oc * ohw;
      for (int p = 0; p < ohw; ++p) row[p] = t[(size_t)p * g.OC + oc] + bias;
    }
  };
  if (per_image) {
    parallel_chunks(g.N, 1, [&](int64_t n0, int64_t n1, int) { for (int64_t n = n0; n < n1; ++n) one((int)n, false); });
  } else {
    for (int n = 0; n < g.N; ++n) one(n, true);
  }
}

void conv2d_backward_input(const float* gy, const float* w, float* gx, const ConvGeom& g) {
  int ckk = g.C * g.KH * g.KW, ohw = g.OH * g.OW;
  size_t xs = (size_t)g.C * g.H * g.W, ys = (size_t)g.OC * ohw;
  bool per_image = g.N >= num_threads() && num_threads() > 1;
  auto one = [&](int n, bool threaded) {
    auto mm = threaded ? gemm : gemm_single;
    if (is_pointwise(g)) {
      mm(true, false, ckk, ohw, g.OC, 1.f, w, ckk, gy + n * ys, ohw, 0.f, gx + n * xs, ohw, nullptr, BIAS_NONE,
         U_IDENTITY, 0.f);
      return;
    }
    float* dcol = thread_buffer(2, (size_t)ckk * ohw);
    mm(true, false, ckk, ohw, g.OC, 1.f, w, ckk, gy + n * ys, ohw, 0.f, dcol, ohw, nullptr, BIAS_NONE, U_IDENTITY,
       0.f);
    std::memset(gx + n * xs, 0, sizeof(float) * xs);
    col2im_add(dcol, gx + n * xs, g);
  };
  if (per_image) {
    parallel_chunks(g.N, 1, [&](int64_t n0, int64_t n1, int) { for (int64_t n = n0; n < n1; ++n) one((int)n, false); });
  } else {
    for (int n = 0; n < g.N; ++n) one(n, true);
  }
}

void conv2d_backward_filter(const float* x, const float* gy, float* gw, float* gb, const ConvGeom& g) {
  int ckk = g.C * g.KH * g.KW, ohw = g.OH * g.OW;
  size_t xs = (size_t)g.C * g.H * g.W, ys = (size_t)g.OC * ohw, wn = (size_t)g.OC * ckk;
  int nt = std::max(1, std::min(num_threads(), g.N));
  // gW [OC, ckk] = Σ gy·colᵀ, or its transpose [ckk, OC] = Σ col·gyᵀ when that tiles better.
  bool transposed = prefer_transposed(g.OC, ckk);
  std::vector<float> partial((size_t)(transposed ? nt : nt - 1) * wn);
  if (g.N == 0) std::memset(gw, 0, sizeof(float) * wn);
  parallel_chunks(g.N, std::max(1, (g.N + nt - 1) / nt), [&](int64_t n0, int64_t n1, int tid) {
    float* acc = transposed ? partial.data() + (size_t)tid * wn : tid == 0 ? gw : partial.data() + (size_t)(tid - 1) * wn;
    for (int64_t n = n0; n < n1; ++n) {
      const float* col = x + n * xs;
      if (!is_pointwise(g)) {
        float* buf = thread_buffer(2, (size_t)ckk * ohw);
        im2col(x + n * xs, buf, g);
        col = buf;
      }
      float beta = n == n0 ? 0.f : 1.f;
      if (transposed) {
        gemm_serial(false, true, ckk, g.OC, ohw, 1.f, col, ohw, gy + n * ys, ohw, beta, acc, g.OC, nullptr, BIAS_NONE,
                    U_IDENTITY, 0.f);
      } else {
        gemm_serial(false, true, g.OC, ckk, ohw, 1.f, gy + n * ys, ohw, col, ohw, beta, acc, ckk, nullptr, BIAS_NONE,
                    U_IDENTITY, 0.f);
      }
    }
  });
  int used = (int)std::min<int64_t>(nt, g.N);
  if (transposed && used > 0) {
    for (int oc = 0; oc < g.OC; ++oc)
      for (int k = 0; k < ckk; ++k) {
        float s = 0.f;
        for (int t = 0; t < used; ++t) s += partial[(size_t)t * wn + (size_t)k * g.OC + oc];
        gw[(size_t)oc * ckk + k] = s;
      }
  } else {
    for (int t = 1; t < used; ++t) {
      const float* p = partial.data() + (size_t)(t - 1) * wn;
      for (size_t i = 0; i < wn; ++i) gw[i] += p[i];
    }
  }
  if (gb) {
    for (int oc = 0; oc < g.OC; ++oc) {
      double s = 0;
      for (int n = 0; n < g.N; ++n) {
        const float* r = gy + n * ys + (size_t)oc * ohw;
        float part = 0.f;
        for (int i = 0; i < ohw; ++i) part += r[i];
        s += part;
      }
      gb[oc] = (float)s;
    }
  }
}

// ---- pooling ----
void maxpool_forward(const float* x, float* y, int32_t* argmax, const PoolGeom& gr) {
  const PoolGeom g = gr;  // a local copy: stores through y/argmax cannot alias it
  int64_t planes = (int64_t)g.N * g.C;
  parallel_chunks(planes, 16, [&, g](int64_t p0, int64_t p1, int) {
    for (int64_t p = p0; p < p1; ++p) {
      const float* xp = x + p * g.H * g.W;
      float* yp = y + p * g.OH * g.OW;
      int32_t* ap = argmax + p * g.OH * g.OW;
      for (int oh = 0; oh < g.OH; ++oh) {
        int ih0 = oh * g.SH - g.PH;
        int kh0 = std::max(0, -ih0), kh1 = std::min(g.KH, g.H - ih0);
        for (int ow = 0; ow < g.OW; ++ow) {
          int iw0 = ow * g.SW - g.PW;
          int kw0 = std::max(0, -iw0), kw1 = std::min(g.KW, g.W - iw0);
          // First in-window element seeds the max; later ones replace it only when strictly greater
          // (a select, not a branch, so random data does not mispredict).
          bool any = kh0 < kh1 && kw0 < kw1;
          int32_t bi = any ? (ih0 + kh0) * g.W + iw0 + kw0 : -1;
          float best = any ? xp[bi] : -INFINITY;
          for (int kh = kh0; kh < kh1; ++kh) {
            int row = (ih0 + kh) * g.W + iw0;
            for (int kw = kw0; kw < kw1; ++kw) {
              float v = xp[row + kw];
              bool take = v > best;
              best = take ? v : best;
              bi = take ? row + kw : bi;
            }
          }
          yp[oh * g.OW + ow] = best;
          ap[oh * g.OW + ow] = bi;
        }
      }
    }
  });
}

void maxpool_backward(const float* gy, const int32_t* argmax, float* gx, const PoolGeom& g) {
  int64_t planes = (int64_t)g.N * g.C;
  parallel_chunks(planes, 16, [&](int64_t p0, int64_t p1, int) {
    for (int64_t p = p0; p < p1; ++p) {
      float* gp = gx + p * g.H * g.W;
      std::memset(gp, 0, sizeof(float) * g.H * g.W);
      const float* yp = gy + p * g.OH * g.OW;
      const int32_t* ap = argmax + p * g.OH * g.OW;
      for (int i = 0; i < g.OH * g.OW; ++i)
        if (ap[i] >= 0) gp[ap[i]] += yp[i];
    }
  });
}

// Stride 1, odd square window, padding half the window: the output has the input's size and, since padded cells
// count in the divisor, pooling is a separable box filter. Its adjoint is the same filter, so the backward pass
// runs it on the gradient.
bool is_box_filter(const PoolGeom& g) {
  return g.SH == 1 && g.SW == 1 && g.KH == g.KW && g.KH % 2 == 1 && g.PH == g.KH / 2 && g.PW == g.KW / 2;
}

void box_filter(const float* x, float* y, const PoolGeom& g) {
  const int H = g.H, W = g.W, k = g.KH, r = k / 2;
  const float inv = 1.f / (float)(k * k);
  int64_t planes = (int64_t)g.N * g.C;
  parallel_chunks(planes, 4, [&](int64_t p0, int64_t p1, int) {
    float* cols = thread_buffer(4, (size_t)W + 2 * r);  // vertical sums with r zeros either side
    std::fill(cols, cols + W + 2 * r, 0.f);
    float* mid = cols + r;
    for (int64_t p = p0; p < p1; ++p) {
      const float* xp = x + p * H * W;
      float* yp = y + p * H * W;
      for (int oh = 0; oh < H; ++oh) {
        int h0 = std::max(0, oh - r), h1 = std::min(H, oh + r + 1);
        std::memcpy(mid, xp + (size_t)h0 * W, sizeof(float) * W);
        for (int h = h0 + 1; h < h1; ++h) {
          const float* row = xp + (size_t)h * W;
          for (int w = 0; w < W; ++w) mid[w] += row[w];
        }
        float* out = yp + (size_t)oh * W;
        for (int w = 0; w < W; ++w) out[w] = cols[w];
        for (int d = 1; d < k; ++d)
          for (int w = 0; w < W; ++w) out[w] += cols[w + d];
        for (int w = 0; w < W; ++w) out[w] *= inv;
      }
    }
  });
}

void avgpool_forward(const float* x, float* y, const PoolGeom& g) {
  if (is_box_filter(g)) { box_filter(x, y, g); return; }
  float inv = 1.f / (float)(g.KH * g.KW);
  int64_t planes = (int64_t)g.N * g.C;
  parallel_chunks(planes, 16, [&](int64_t p0, int64_t p1, int) {
    for (int64_t p = p0; p < p1; ++p) {
      const float* xp = x + p * g.H * g.W;
      float* yp = y + p * g.OH * g.OW;
      for (int oh = 0; oh < g.OH; ++oh)
        for (int ow = 0; ow < g.OW; ++ow) {
          float s = 0.f;
          for (int kh = 0; kh < g.KH; ++kh) {
            int ih = oh * g.SH - g.PH + kh;
            if (ih < 0 || ih >= g.H) continue;
            for (int kw = 0; kw < g.KW; ++kw) {
              int iw = ow * g.SW - g.PW + kw;
              if (iw >= 0 && iw < g.W) s += xp[ih * g.W + iw];
            }
          }
          yp[oh * g.OW + ow] = s * inv;
        }
    }
  });
}

void avgpool_backward(const float* gy, float* gx, const PoolGeom& g) {
  if (is_box_filter(g)) { box_filter(gy, gx, g); return; }
  float inv = 1.f / (float)(g.KH * g.KW);
  int64_t planes = (int64_t)g.N * g.C;
  parallel_chunks(planes, 16, [&](int64_t p0, int64_t p1, int) {
    for (int64_t p = p0; p < p1; ++p) {
      float* gp = gx + p * g.H * g.W;
      std::memset(gp, 0, sizeof(float) * g.H * g.W);
      const float* yp = gy + p * g.OH * g.OW;
      for (int oh = 0; oh < g.OH; ++oh)
        for (int ow = 0; ow < g.OW; ++ow) {
          float v = yp[oh * g.OW + ow] * inv;
          for (int kh = 0; kh < g.KH; ++kh) {
            int ih = oh * g.SH - g.PH + kh;
            if (ih < 0 || ih >= g.H) continue;
            for (int kw = 0; kw < g.KW; ++kw) {
              int iw = ow * g.SW - g.PW + kw;
              if (iw >= 0 && iw < g.W) gp[ih * g.W + iw] += v;
            }
          }
        }
    }
  });
}

// ---- elementwise ----
constexpr int64_t PAR_MIN = 1 << 15;

void unary(int op, const float* x, float* y, int64_t n, float alpha) {
  parallel_chunks(n, PAR_MIN, [&](int64_t i0, int64_t i1, int) {
    switch (op) {
      case U_RELU: for (int64_t i = i0; i < i1; ++i) y[i] = x[i] > 0.f ? x[i] : 0.f; break;
      case U_IDENTITY: if (y != x) std::memmove(y + i0, x + i0, sizeof(float) * (i1 - i0)); break;
      case U_NEG: for (int64_t i = i0; i < i1; ++i) y[i] = -x[i]; break;
      case U_SQUARE: for (int64_t i = i0; i < i1; ++i) y[i] = x[i] * x[i]; break;
      default: for (int64_t i = i0; i < i1; ++i) y[i] = act_fwd(op, x[i], alpha);
    }
  });
}

void unary_backward(int op, const float* x, const float* y, const float* gy, float* gx, int64_t n, float alpha) {
  parallel_chunks(n, PAR_MIN, [&](int64_t i0, int64_t i1, int) {
    if (op == U_RELU) {
      // Load gy unconditionally so GCC if-converts and vectorises (a conditional load mispredicts half the time).
      for (int64_t i = i0; i < i1; ++i) { float g = gy[i]; gx[i] = x[i] > 0.f ? g : 0.f; }
    } else {
      for (int64_t i = i0; i < i1; ++i) gx[i] = gy[i] * act_grad(op, x ? x[i] : 0.f, y ? y[i] : 0.f, alpha);
    }
  });
}

enum Binary { B_ADD, B_SUB, B_MUL, B_DIV, B_MAX, B_MIN };

template <int OP>
inline float bin(float a, float b) {
  if (OP == B_ADD) return a + b;
  if (OP == B_SUB) return a - b;
  if (OP == B_MUL) return a * b;
  if (OP == B_DIV) return a / b;
  if (OP == B_MAX) return (a > b || std::isnan(a)) ? a : b;
  return (a < b || std::isnan(a)) ? a : b;
}

template <int OP>
void bin_row(const float* a, int64_t sa, const float* b, int64_t sb, float* o, int64_t n) {
  if (sa == 1 && sb == 1) { for (int64_t i = 0; i < n; ++i) o[i] = bin<OP>(a[i], b[i]); }
  else if (sa == 1 && sb == 0) { float bv = b[0]; for (int64_t i = 0; i < n; ++i) o[i] = bin<OP>(a[i], bv); }
  else if (sa == 0 && sb == 1) { float av = a[0]; for (int64_t i = 0; i < n; ++i) o[i] = bin<OP>(av, b[i]); }
  else { for (int64_t i = 0; i < n; ++i) o[i] = bin<OP>(a[i * sa], b[i * sb]); }
}

template <int OP>
void binary_t(const float* a, const int64_t* as, const float* b, const int64_t* bs, float* out, const int64_t* shape,
              int ndim) {
  if (ndim == 0) { out[0] = bin<OP>(a[0], b[0]); return; }
  int64_t inner = shape[ndim - 1];
  int64_t total = 1;
  for (int d = 0; d < ndim; ++d) total *= shape[d];
  if (total == 0) return;
  if (ndim == 1) {
    parallel_chunks(inner, PAR_MIN, [&](int64_t i0, int64_t i1, int) {
      bin_row<OP>(a + i0 * as[0], as[0], b + i0 * bs[0], bs[0], out + i0, i1 - i0);
    });
    return;
  }
  int64_t outer_stride_out = total / shape[0];
  parallel_chunks(shape[0], std::max<int64_t>(1, PAR_MIN / outer_stride_out), [&](int64_t r0, int64_t r1, int) {
    int64_t idx[8] = {0};
    for (int64_t r = r0; r < r1; ++r) {
      int64_t rows = outer_stride_out / inner;
      for (int d = 1; d < ndim - 1; ++d) idx[d] = 0;
      int64_t ao = r * as[0], bo = r * bs[0];
      float* o = out + r * outer_stride_out;
      for (int64_t q = 0; q < rows; ++q) {
        bin_row<OP>(a + ao, as[ndim - 1], b + bo, bs[ndim - 1], o, inner);
        o += inner;
        for (int d = ndim - 2; d >= 1; --d) {
          idx[d]++; ao += as[d]; bo += bs[d];
          if (idx[d] < shape[d]) break;
          ao -= as[d] * shape[d]; bo -= bs[d] * shape[d]; idx[d] = 0;
        }
      }
    }
  });
}

void binary(int op, const float* a, const int64_t* as, const float* b, const int64_t* bs, float* out,
            const int64_t* shape, int ndim) {
  switch (op) {
    case B_ADD: binary_t<B_ADD>(a, as, b, bs, out, shape, ndim); break;
    case B_SUB: binary_t<B_SUB>(a, as, b, bs, out, shape, ndim); break;
    case B_MUL: binary_t<B_MUL>(a, as, b, bs, out, shape, ndim); break;
    case B_DIV: binary_t<B_DIV>(a, as, b, bs, out, shape, ndim); break;
    case B_MAX: binary_t<B_MAX>(a, as, b, bs, out, shape, ndim); break;
    case B_MIN: binary_t<B_MIN>(a, as, b, bs, out, shape, ndim); break;
  }
}

// ---- fused BatchNorm over [N, C, inner] (inner = H·W, or 1 for [N, F]) ----
// One call replaces the eight broadcasting ops of the composed form and their gradients; channels split across
// threads. Sums run in vector lanes per row, rows accumulate in double.
inline float lane_sum(vf v) { float s = 0.f; for (int l = 0; l < VL; ++l) s += v[l]; return s; }

inline float row_sum(const float* r, int64_t n) {
  vf acc = {};
  int64_t i = 0;
  for (; i + VL <= n; i += VL) acc += loadu(r + i);
  float s = lane_sum(acc);
  for (; i < n; ++i) s += r[i];
  return s;
}

inline float row_sq_dev(const float* r, int64_t n, float m) {
  vf acc = {}, mv = vf{} + m;
  int64_t i = 0;
  for (; i + VL <= n; i += VL) { vf d = loadu(r + i) - mv; acc += d * d; }
  float s = lane_sum(acc);
  for (; i < n; ++i) { float d = r[i] - m; s += d * d; }
  return s;
}

// Σ g and Σ g·(x − m) over one row.
inline void row_grad_sums(const float* g, const float* x, int64_t n, float m, float& sg, float& sgx) {
  vf a = {}, b = {}, mv = vf{} + m;
  int64_t i = 0;
  for (; i + VL <= n; i += VL) { vf gv = loadu(g + i); a += gv; b += gv * (loadu(x + i) - mv); }
  sg = lane_sum(a);
  sgx = lane_sum(b);
  for (; i < n; ++i) { sg += g[i]; sgx += g[i] * (x[i] - m); }
}

// Channel c's rows are x[(n·C + c)·inner ...]: for inner = 1 a "row" is one value, so channels go in blocks.
template <typename F>
void for_channel_rows(int64_t N, int64_t C, int64_t inner, F f) {
  int64_t min_chunk = inner >= 64 ? 1 : std::max<int64_t>(1, 4096 / std::max<int64_t>(1, N * inner));
  parallel_chunks(C, min_chunk, [&](int64_t c0, int64_t c1, int) { f(c0, c1); });
}

void batchnorm_forward(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* var,
                       int64_t N, int64_t C, int64_t inner, float eps, bool batch_stats) {
  double count = (double)N * inner;
  for_channel_rows(N, C, inner, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      if (batch_stats) {
        double s = 0;
        for (int64_t n = 0; n < N; ++n) s += row_sum(x + (n * C + c) * inner, inner);
        float m = (float)(s / count);
        double q = 0;
        for (int64_t n = 0; n < N; ++n) q += row_sq_dev(x + (n * C + c) * inner, inner, m);
        mean[c] = m;
        var[c] = (float)(q / count);
      }
      float scale = (gamma ? gamma[c] : 1.f) / std::sqrt(var[c] + eps);
      float shift = (beta ? beta[c] : 0.f) - mean[c] * scale;
      for (int64_t n = 0; n < N; ++n) {
        const float* r = x + (n * C + c) * inner;
        float* o = y + (n * C + c) * inner;
        for (int64_t i = 0; i < inner; ++i) o[i] = r[i] * scale + shift;
      }
    }
  });
}

void batchnorm_backward(const float* x, const float* gy, const float* mean, const float* var, const float* gamma,
                        float* gx, float* ggamma, float* gbeta, int64_t N, int64_t C, int64_t inner, float eps,
                        bool batch_stats) {
  double count = (double)N * inner;
  for_channel_rows(N, C, inner, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      float m = mean[c], invstd = 1.f / std::sqrt(var[c] + eps);
      double sg = 0, sgx = 0;
      for (int64_t n = 0; n < N; ++n) {
        float a, b;
        row_grad_sums(gy + (n * C + c) * inner, x + (n * C + c) * inner, inner, m, a, b);
        sg += a;
        sgx += b;
      }
      float sum_gy_xhat = (float)(sgx * invstd);
      if (ggamma) ggamma[c] = sum_gy_xhat;
      if (gbeta) gbeta[c] = (float)sg;
      if (!gx) continue;
      float k = (gamma ? gamma[c] : 1.f) * invstd;
      // With batch statistics the mean and variance depend on x too: subtract the gradient's mean and its
      // projection on x̂. With fixed (running) statistics the op is affine.
      float gmean = batch_stats ? (float)(sg / count) : 0.f;
      float proj = batch_stats ? (float)(sum_gy_xhat / count) * invstd : 0.f;
      for (int64_t n = 0; n < N; ++n) {
        const float* g = gy + (n * C + c) * inner;
        const float* r = x + (n * C + c) * inner;
        float* o = gx + (n * C + c) * inner;
        for (int64_t i = 0; i < inner; ++i) o[i] = k * (g[i] - gmean - (r[i] - m) * proj);
      }
    }
  });
}

// out = alpha·x + beta·out; beta = 0 never reads out.
void scaled_add(const float* x, float* out, int64_t n, float alpha, float beta) {
  parallel_chunks(n, PAR_MIN, [&](int64_t i0, int64_t i1, int) {
    if (beta == 0.f) for (int64_t i = i0; i < i1; ++i) out[i] = alpha * x[i];
    else if (beta == 1.f) for (int64_t i = i0; i < i1; ++i) out[i] += alpha * x[i];
    else for (int64_t i = i0; i < i1; ++i) out[i] = alpha * x[i] + beta * out[i];
  });
}

// Σ a[i]·b[i] in float64, summed in fixed blocks so the result does not depend on the thread count.
double dot(const float* a, const float* b, int64_t n) {
  const int64_t block = 1 << 15;
  const int64_t blocks = (n + block - 1) / block;
  std::vector<double> partial(blocks > 0 ? blocks : 1, 0.0);
  parallel_chunks(blocks, 1, [&](int64_t b0, int64_t b1, int) {
    for (int64_t k = b0; k < b1; ++k) {
      const int64_t i0 = k * block, i1 = std::min(n, i0 + block);
      double acc = 0;
      float lane = 0;
      // float lanes of 16 vectorise; each 16-term group is folded into the double right away.
      int64_t i = i0;
      for (; i + 16 <= i1; i += 16) {
        lane = 0;
        for (int j = 0; j < 16; ++j) lane += a[i + j] * b[i + j];
        acc += lane;
      }
      for (; i < i1; ++i) acc += (double)a[i] * b[i];
      partial[k] = acc;
    }
  });
  double total = 0;
  for (int64_t k = 0; k < blocks; ++k) total += partial[k];
  return total;
}

// ---- reductions (float64 accumulation) ----
enum Reduce { R_SUM, R_MEAN, R_VAR, R_MAX };

template <typename F>
void for_each_row(const int64_t* shape, const uint8_t* red, int ndim, F f) {
  // Calls f(input_offset, out_offset) for each contiguous innermost row.
  int64_t ostr[8];
  int64_t s = 1;
  for (int d = ndim - 1; d >= 0; --d) { ostr[d] = red[d] ? 0 : s; if (!red[d]) s *= shape[d]; }
  int64_t inner = shape[ndim - 1];
  int64_t rows = 1;
  for (int d = 0; d < ndim - 1; ++d) rows *= shape[d];
  int64_t idx[8] = {0};
  int64_t oo = 0;
  for (int64_t r = 0; r < rows; ++r) {
    f(r * inner, oo);
    for (int d = ndim - 2; d >= 0; --d) {
      idx[d]++; oo += ostr[d];
      if (idx[d] < shape[d]) break;
      oo -= ostr[d] * shape[d]; idx[d] = 0;
    }
  }
}

void reduce(int op, const float* x, const int64_t* shape, const uint8_t* red, int ndim, float* out,
            double correction) {
  int64_t onum = 1, count = 1, total = 1;
  for (int d = 0; d < ndim; ++d) { total *= shape[d]; if (red[d]) count *= shape[d]; else onum *= shape[d]; }
  if (ndim == 0) { out[0] = op == R_VAR ? 0.f : x[0]; return; }
  std::vector<double> acc((size_t)onum, op == R_MAX ? -INFINITY : 0.0);
  int64_t inner = shape[ndim - 1];
  bool inner_red = red[ndim - 1];
  if (total > 0) {
    for_each_row(shape, red, ndim, [&](int64_t xo, int64_t oo) {
      const float* r = x + xo;
      if (op == R_MAX) {
        if (inner_red) { double m = acc[oo]; for (int64_t i = 0; i < inner; ++i) if (r[i] > m || std::isnan(r[i])) m = r[i]; acc[oo] = m; }
        else for (int64_t i = 0; i < inner; ++i) if (r[i] > acc[oo + i] || std::isnan(r[i])) acc[oo + i] = r[i];
      } else if (inner_red) {
        double s = 0; for (int64_t i = 0; i < inner; ++i) s += r[i]; acc[oo] += s;
      } else {
        for (int64_t i = 0; i < inner; ++i) acc[oo + i] += r[i];
      }
    });
  }
  if (op == R_SUM || op == R_MAX) { for (int64_t i = 0; i < onum; ++i) out[i] = (float)acc[i]; return; }
  for (int64_t i = 0; i < onum; ++i) acc[i] /= (double)count;
  if (op == R_MEAN) { for (int64_t i = 0; i < onum; ++i) out[i] = count ? (float)acc[i] : NAN; return; }
  std::vector<double> sq((size_t)onum, 0.0);
  if (total > 0) {
    for_each_row(shape, red, ndim, [&](int64_t xo, int64_t oo) {
      const float* r = x + xo;
      if (inner_red) { double m = acc[oo], s = 0; for (int64_t i = 0; i < inner; ++i) { double d = r[i] - m; s += d * d; } sq[oo] += s; }
      else for (int64_t i = 0; i < inner; ++i) { double d = r[i] - acc[oo + i]; sq[oo + i] += d * d; }
    });
  }
  double denom = (double)count - correction;
  for (int64_t i = 0; i < onum; ++i) out[i] = denom > 0 ? (float)(sq[i] / denom) : NAN;
}

// ---- losses ----
void softmax(const float* x, float* y, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float* yr = y + r * cols;
    float m = -INFINITY;
    for (int64_t j = 0; j < cols; ++j) m = std::max(m, xr[j]);
    double s = 0;
    for (int64_t j = 0; j < cols; ++j) { yr[j] = std::exp(xr[j] - m); s += yr[j]; }
    float inv = (float)(1.0 / s);
    for (int64_t j = 0; j < cols; ++j) yr[j] *= inv;
  }
}

double softmax_xent(const float* logits, const int32_t* labels, int64_t rows, int64_t cols, float* grad) {
  double loss = 0;
  float scale = rows ? 1.f / (float)rows : 0.f;
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = logits + r * cols;
    float m = -INFINITY;
    for (int64_t j = 0; j < cols; ++j) m = std::max(m, xr[j]);
    double s = 0;
    for (int64_t j = 0; j < cols; ++j) s += std::exp((double)(xr[j] - m));
    double lse = std::log(s) + m;
    loss += lse - xr[labels[r]];
    if (grad) {
      float* gr = grad + r * cols;
      for (int64_t j = 0; j < cols; ++j) gr[j] = (float)std::exp(xr[j] - lse) * scale;
      gr[labels[r]] -= scale;
    }
  }
  return rows ? loss / (double)rows : 0.0;
}

double mse(const float* pred, const float* target, int64_t n, float* grad) {
  double s = 0;
  float k = n ? 2.f / (float)n : 0.f;
  for (int64_t i = 0; i < n; ++i) {
    float d = pred[i] - target[i];
    s += (double)d * d;
    if (grad) grad[i] = k * d;
  }
  return n ? s / (double)n : 0.0;
}

// ---- optimizers (PyTorch semantics) ----
void sgd(float* w, const float* g, float* vel, int64_t n, float lr, float momentum, float dampening, bool nesterov,
         float wd, bool first) {
  parallel_chunks(n, PAR_MIN, [&](int64_t i0, int64_t i1, int) {
    for (int64_t i = i0; i < i1; ++i) {
      float d = g[i] + wd * w[i];
      if (vel) {
        vel[i] = first ? d : momentum * vel[i] + (1.f - dampening) * d;
        d = nesterov ? d + momentum * vel[i] : vel[i];
      }
      w[i] -= lr * d;
    }
  });
}

void adam(float* w, const float* g, float* m, float* v, int64_t n, float lr, float b1, float b2, float eps, float wd,
          bool decoupled, double step) {
  float bc1 = (float)(1.0 - std::pow((double)b1, step));
  float bc2s = (float)std::sqrt(1.0 - std::pow((double)b2, step));
  float step_size = lr / bc1;
  float decay = decoupled ? 1.f - lr * wd : 1.f;
  float l2 = decoupled ? 0.f : wd;
  parallel_chunks(n, PAR_MIN, [&](int64_t i0, int64_t i1, int) {
    for (int64_t i = i0; i < i1; ++i) {
      float gi = g[i] + l2 * w[i];
      float wi = w[i] * decay;
      m[i] = b1 * m[i] + (1.f - b1) * gi;
      v[i] = b2 * v[i] + (1.f - b2) * gi * gi;
      w[i] = wi - step_size * m[i] / (std::sqrt(v[i]) / bc2s + eps);
    }
  });
}

void adamax(float* w, const float* g, float* m, float* u, int64_t n, float lr, float b1, float b2, float eps, float wd,
            double step) {
  float step_size = lr / (float)(1.0 - std::pow((double)b1, step));
  parallel_chunks(n, PAR_MIN, [&](int64_t i0, int64_t i1, int) {
    for (int64_t i = i0; i < i1; ++i) {
      float gi = g[i] + wd * w[i];
      m[i] = b1 * m[i] + (1.f - b1) * gi;
      u[i] = std::max(b2 * u[i], std::fabs(gi) + eps);
      w[i] -= step_size * m[i] / u[i];
    }
  });
}

// ---- indexing (surgery) ----
void index_select(const float* x, int64_t outer, int64_t axis_len, int64_t inner, const int32_t* idx, int64_t nidx,
                  float* out) {
  // out may alias x when idx is ascending: every destination then precedes its source.
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < nidx; ++j)
      std::memmove(out + (o * nidx + j) * inner, x + (o * axis_len + idx[j]) * inner, sizeof(float) * inner);
}

void index_scatter(const float* src, int64_t outer, int64_t nidx, int64_t inner, const int32_t* idx, float* out,
                   int64_t axis_len, bool accumulate) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < nidx; ++j) {
      const float* s = src + (o * nidx + j) * inner;
      float* d = out + (o * axis_len + idx[j]) * inner;
      if (accumulate) for (int64_t i = 0; i < inner; ++i) d[i] += s[i];
      else std::memcpy(d, s, sizeof(float) * inner);
    }
}

// ---- counter-based random numbers (identical in the reference backend) ----
inline uint32_t mix32(uint32_t x) {
  x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
  return x;
}
inline uint32_t random_bits(uint32_t seed, uint32_t i) {
  uint32_t s = mix32(seed ^ 0x9e3779b9U);
  return mix32(mix32(i ^ s) + s);
}

void random_uniform(float* out, int64_t n, uint32_t seed, uint32_t counter, float lo, float hi) {
  for (int64_t i = 0; i < n; ++i) {
    double u = (double)(random_bits(seed, counter + (uint32_t)i) >> 8) * (1.0 / 16777216.0);
    out[i] = (float)(lo + (hi - lo) * u);
  }
}

void random_normal(float* out, int64_t n, uint32_t seed, uint32_t counter, float mean, float stdv) {
  for (int64_t i = 0; i < n; ++i) {
    uint32_t c = counter + 2u * (uint32_t)i;
    double u1 = ((double)(random_bits(seed, c) >> 8) + 1.0) * (1.0 / 16777216.0);
    double u2 = (double)(random_bits(seed, c + 1u) >> 8) * (1.0 / 16777216.0);
    double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    out[i] = (float)(mean + stdv * z);
  }
}

void fill(float* out, int64_t n, float value) { std::fill(out, out + n, value); }

}  // namespace

const KernelTable& table() {
  static const KernelTable t = {
      KNS_NAME, gemm, conv2d_forward, conv2d_backward_input, conv2d_backward_filter, maxpool_forward,
      maxpool_backward, avgpool_forward, avgpool_backward, unary, unary_backward, binary, reduce, softmax,
      softmax_xent, mse, sgd, adam, adamax, index_select, index_scatter, random_uniform, random_normal, fill,
      batchnorm_forward, batchnorm_backward, scaled_add, dot,
  };
  return t;
}

}  // namespace KNS
}  // namespace topi
