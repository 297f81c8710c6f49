// Kernel table shared by the N-API glue and the per-ISA kernel builds.
// kernels_impl.cc is compiled once per instruction set (namespaces avx512, avx2,
// generic); the glue picks one table at load time from the running CPU.
#pragma once
#include <cstdint>
#include <functional>

namespace topi {

void parallel_chunks(int64_t n, int64_t min_chunk, const std::function<void(int64_t, int64_t, int)>& fn);
int num_threads();
void set_num_threads(int n);

struct ConvGeom { int N, C, H, W, OC, KH, KW, SH, SW, PH, PW, OH, OW; };
struct PoolGeom { int N, C, H, W, KH, KW, SH, SW, PH, PW, OH, OW; };

enum BiasMode { BIAS_NONE = 0, BIAS_PER_COL = 1, BIAS_PER_ROW = 2 };

struct KernelTable {
  const char* isa;
  void (*gemm)(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
               float beta, float* C, int ldc, const float* bias, int bias_mode, int act, float act_alpha);
  void (*conv2d_forward)(const float* x, const float* w, const float* b, float* y, const ConvGeom& g);
  void (*conv2d_backward_input)(const float* gy, const float* w, float* gx, const ConvGeom& g);
  void (*conv2d_backward_filter)(const float* x, const float* gy, float* gw, float* gb, const ConvGeom& g);
  void (*maxpool_forward)(const float* x, float* y, int32_t* argmax, const PoolGeom& g);
  void (*maxpool_backward)(const float* gy, const int32_t* argmax, float* gx, const PoolGeom& g);
  void (*avgpool_forward)(const float* x, float* y, const PoolGeom& g);
  void (*avgpool_backward)(const float* gy, float* gx, const PoolGeom& g);
  void (*unary)(int op, const float* x, float* y, int64_t n, float alpha);
  void (*unary_backward)(int op, const float* x, const float* y, const float* gy, float* gx, int64_t n, float alpha);
  void (*binary)(int op, const float* a, const int64_t* as, const float* b, const int64_t* bs, float* out,
                 const int64_t* shape, int ndim);
  void (*reduce)(int op, const float* x, const int64_t* shape, const uint8_t* reduced, int ndim, float* out,
                 double correction);
  void (*softmax)(const float* x, float* y, int64_t rows, int64_t cols);
  double (*softmax_xent)(const float* logits, const int32_t* labels, int64_t rows, int64_t cols, float* grad);
  double (*mse)(const float* pred, const float* target, int64_t n, float* grad);
  void (*sgd)(float* w, const float* g, float* vel, int64_t n, float lr, float momentum, float dampening,
              bool nesterov, float wd, bool first);
  void (*adam)(float* w, const float* g, float* m, float* v, int64_t n, float lr, float b1, float b2, float eps,
               float wd, bool decoupled, double step);
  void (*adamax)(float* w, const float* g, float* m, float* u, int64_t n, float lr, float b1, float b2, float eps,
                 float wd, double step);
  void (*index_select)(const float* x, int64_t outer, int64_t axis_len, int64_t inner, const int32_t* idx,
                       int64_t nidx, float* out);
  void (*index_scatter)(const float* src, int64_t outer, int64_t nidx, int64_t inner, const int32_t* idx,
                        float* out, int64_t axis_len, bool accumulate);
  void (*random_uniform)(float* out, int64_t n, uint32_t seed, uint32_t counter, float lo, float hi);
  void (*random_normal)(float* out, int64_t n, uint32_t seed, uint32_t counter, float mean, float std);
  void (*fill)(float* out, int64_t n, float value);
  void (*batchnorm_forward)(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* var,
                            int64_t N, int64_t C, int64_t inner, float eps, bool batch_stats);
  void (*batchnorm_backward)(const float* x, const float* gy, const float* mean, const float* var,
                             const float* gamma, float* gx, float* ggamma, float* gbeta, int64_t N, int64_t C,
                             int64_t inner, float eps, bool batch_stats);
  void (*scaled_add)(const float* x, float* out, int64_t n, float alpha, float beta);
  double (*dot)(const float* a, const float* b, int64_t n);
};

namespace avx512 { const KernelTable& table(); }
namespace avx2 { const KernelTable& table(); }
namespace generic { const KernelTable& table(); }

}  // namespace topi
