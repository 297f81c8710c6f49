// N-API glue: unpacks typed arrays (no copies) and forwards to the kernel table
// chosen for this CPU. Argument checking lives in the TypeScript wrapper.
#define NAPI_DISABLE_CPP_EXCEPTIONS
#include <napi.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "kernels.h"

namespace {
using topi::KernelTable;
const KernelTable* K = nullptr;

// Arguments are read with the plain C API, not node-addon-api's wrappers: while a worker thread is being
// terminated (a process exiting with trials in flight) these calls fail, and node-addon-api's error path then
// aborts the whole process. Here a failed read throws EnvGone, which the entry trampoline turns into an
// undefined result without running the kernel: the thread is going away and nobody reads it.
struct EnvGone {};

void ok(napi_status s) {
  if (s != napi_ok) throw EnvGone{};
}
bool absent(const Napi::Value& v) {
  napi_valuetype t;
  ok(napi_typeof(v.Env(), v, &t));
  return t == napi_null || t == napi_undefined;
}
void* typed_data(const Napi::Value& v, size_t* length = nullptr) {
  napi_typedarray_type type;
  size_t n = 0, offset = 0;
  void* data = nullptr;
  napi_value buffer;
  ok(napi_get_typedarray_info(v.Env(), v, &type, &n, &data, &buffer, &offset));
  if (length) *length = n;
  return data;
}
float* F(const Napi::Value& v) { return absent(v) ? nullptr : static_cast<float*>(typed_data(v)); }
template <typename T>
struct View {
  T* data;
  size_t length;
  T operator[](size_t i) const { return data[i]; }
};
template <typename T>
View<T> view(const Napi::Value& v) {
  size_t n = 0;
  T* d = static_cast<T*>(typed_data(v, &n));
  return {d, n};
}
int32_t* I(const Napi::Value& v) { return absent(v) ? nullptr : static_cast<int32_t*>(typed_data(v)); }
template <typename T, napi_status (*get)(napi_env, napi_value, T*)>
T number(const Napi::Value& v) {
  T r;
  ok(get(v.Env(), v, &r));
  return r;
}
int Int(const Napi::Value& v) { return number<int32_t, napi_get_value_int32>(v); }
int64_t Long(const Napi::Value& v) { return number<int64_t, napi_get_value_int64>(v); }
double Num(const Napi::Value& v) { return number<double, napi_get_value_double>(v); }
bool Bool(const Napi::Value& v) {
  bool r;
  if (napi_get_value_bool(v.Env(), v, &r) == napi_ok) return r;
  return Num(v) != 0;
}

topi::ConvGeom conv_geom(const Napi::Value& v) {
  const int32_t* g = I(v);
  return {g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12]};
}
topi::PoolGeom pool_geom(const Napi::Value& v) {
  const int32_t* g = I(v);
  return {g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11]};
}

bool cpu_has(const char* isa) {
#if defined(TOPI_X86)
  if (!std::strcmp(isa, "avx512"))
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma");
  if (!std::strcmp(isa, "avx2")) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return !std::strcmp(isa, "generic");
}

const KernelTable* table_for(const std::string& isa) {
#if defined(TOPI_X86)
  if (isa == "avx512") return &topi::avx512::table();
  if (isa == "avx2") return &topi::avx2::table();
#endif
  if (isa == "generic") return &topi::generic::table();
  return nullptr;
}

Napi::Value Gemm(const Napi::CallbackInfo& a) {
  K->gemm(Bool(a[0]), Bool(a[1]), Int(a[2]), Int(a[3]), Int(a[4]), (float)Num(a[5]), F(a[6]), Int(a[7]), F(a[8]),
          Int(a[9]), (float)Num(a[10]), F(a[11]), Int(a[12]), F(a[13]), Int(a[14]), Int(a[15]), (float)Num(a[16]));
  return a.Env().Undefined();
}
Napi::Value ConvFwd(const Napi::CallbackInfo& a) {
  K->conv2d_forward(F(a[0]), F(a[1]), F(a[2]), F(a[3]), conv_geom(a[4]));
  return a.Env().Undefined();
}
Napi::Value ConvBwdInput(const Napi::CallbackInfo& a) {
  K->conv2d_backward_input(F(a[0]), F(a[1]), F(a[2]), conv_geom(a[3]));
  return a.Env().Undefined();
}
Napi::Value ConvBwdFilter(const Napi::CallbackInfo& a) {
  K->conv2d_backward_filter(F(a[0]), F(a[1]), F(a[2]), F(a[3]), conv_geom(a[4]));
  return a.Env().Undefined();
}
Napi::Value MaxPoolFwd(const Napi::CallbackInfo& a) {
  K->maxpool_forward(F(a[0]), F(a[1]), I(a[2]), pool_geom(a[3]));
  return a.Env().Undefined();
}
Napi::Value MaxPoolBwd(const Napi::CallbackInfo& a) {
  K->maxpool_backward(F(a[0]), I(a[1]), F(a[2]), pool_geom(a[3]));
  return a.Env().Undefined();
}
Napi::Value AvgPoolFwd(const Napi::CallbackInfo& a) {
  K->avgpool_forward(F(a[0]), F(a[1]), pool_geom(a[2]));
  return a.Env().Undefined();
}
Napi::Value AvgPoolBwd(const Napi::CallbackInfo& a) {
  K->avgpool_backward(F(a[0]), F(a[1]), pool_geom(a[2]));
  return a.Env().Undefined();
}
Napi::Value Unary(const Napi::CallbackInfo& a) {
  K->unary(Int(a[0]), F(a[1]), F(a[2]), Long(a[3]), (float)Num(a[4]));
  return a.Env().Undefined();
}
Napi::Value UnaryBwd(const Napi::CallbackInfo& a) {
  K->unary_backward(Int(a[0]), F(a[1]), F(a[2]), F(a[3]), F(a[4]), Long(a[5]), (float)Num(a[6]));
  return a.Env().Undefined();
}
Napi::Value Binary(const Napi::CallbackInfo& a) {
  // (op, a, aStrides, b, bStrides, out, shape) with Int32Array shape/strides
  const int32_t* as = I(a[2]);
  const int32_t* bs = I(a[4]);
  auto shape_arr = view<int32_t>(a[6]);
  int nd = (int)shape_arr.length;
  int64_t s[8], sa[8], sb[8];
  for (int d = 0; d < nd; ++d) { s[d] = shape_arr[d]; sa[d] = as[d]; sb[d] = bs[d]; }
  K->binary(Int(a[0]), F(a[1]), sa, F(a[3]), sb, F(a[5]), s, nd);
  return a.Env().Undefined();
}
Napi::Value Reduce(const Napi::CallbackInfo& a) {
  // (op, x, shape Int32Array, reducedMask Int32Array, out, correction)
  auto shape_arr = view<int32_t>(a[2]);
  const int32_t* mask = I(a[3]);
  int nd = (int)shape_arr.length;
  int64_t s[8];
  uint8_t r[8];
  for (int d = 0; d < nd; ++d) { s[d] = shape_arr[d]; r[d] = mask[d] ? 1 : 0; }
  K->reduce(Int(a[0]), F(a[1]), s, r, nd, F(a[4]), Num(a[5]));
  return a.Env().Undefined();
}
Napi::Value Softmax(const Napi::CallbackInfo& a) {
  K->softmax(F(a[0]), F(a[1]), Long(a[2]), Long(a[3]));
  return a.Env().Undefined();
}
Napi::Value SoftmaxXent(const Napi::CallbackInfo& a) {
  return Napi::Number::New(a.Env(), K->softmax_xent(F(a[0]), I(a[1]), Long(a[2]), Long(a[3]), F(a[4])));
}
Napi::Value Mse(const Napi::CallbackInfo& a) {
  return Napi::Number::New(a.Env(), K->mse(F(a[0]), F(a[1]), Long(a[2]), F(a[3])));
}
Napi::Value Sgd(const Napi::CallbackInfo& a) {
  K->sgd(F(a[0]), F(a[1]), F(a[2]), Long(a[3]), (float)Num(a[4]), (float)Num(a[5]), (float)Num(a[6]), Bool(a[7]),
         (float)Num(a[8]), Bool(a[9]));
  return a.Env().Undefined();
}
Napi::Value Adam(const Napi::CallbackInfo& a) {
  K->adam(F(a[0]), F(a[1]), F(a[2]), F(a[3]), Long(a[4]), (float)Num(a[5]), (float)Num(a[6]), (float)Num(a[7]),
          (float)Num(a[8]), (float)Num(a[9]), Bool(a[10]), Num(a[11]));
  return a.Env().Undefined();
}
Napi::Value Adamax(const Napi::CallbackInfo& a) {
  K->adamax(F(a[0]), F(a[1]), F(a[2]), F(a[3]), Long(a[4]), (float)Num(a[5]), (float)Num(a[6]), (float)Num(a[7]),
            (float)Num(a[8]), (float)Num(a[9]), Num(a[10]));
  return a.Env().Undefined();
}
Napi::Value IndexSelect(const Napi::CallbackInfo& a) {
  auto idx = view<int32_t>(a[4]);
  K->index_select(F(a[0]), Long(a[1]), Long(a[2]), Long(a[3]), idx.data, (int64_t)idx.length, F(a[5]));
  return a.Env().Undefined();
}
Napi::Value IndexScatter(const Napi::CallbackInfo& a) {
  auto idx = view<int32_t>(a[3]);
  K->index_scatter(F(a[0]), Long(a[1]), (int64_t)idx.length, Long(a[2]), idx.data, F(a[4]), Long(a[5]),
                   Bool(a[6]));
  return a.Env().Undefined();
}
Napi::Value RandUniform(const Napi::CallbackInfo& a) {
  auto out = view<float>(a[0]);
  K->random_uniform(out.data, (int64_t)out.length, (uint32_t)Long(a[1]), (uint32_t)Long(a[2]),
                    (float)Num(a[3]), (float)Num(a[4]));
  return a.Env().Undefined();
}
Napi::Value RandNormal(const Napi::CallbackInfo& a) {
  auto out = view<float>(a[0]);
  K->random_normal(out.data, (int64_t)out.length, (uint32_t)Long(a[1]), (uint32_t)Long(a[2]),
                   (float)Num(a[3]), (float)Num(a[4]));
  return a.Env().Undefined();
}
Napi::Value Fill(const Napi::CallbackInfo& a) {
  auto out = view<float>(a[0]);
  K->fill(out.data, (int64_t)out.length, (float)Num(a[1]));
  return a.Env().Undefined();
}
Napi::Value BatchNormFwd(const Napi::CallbackInfo& a) {
  K->batchnorm_forward(F(a[0]), F(a[1]), F(a[2]), F(a[3]), F(a[4]), F(a[5]), Long(a[6]), Long(a[7]), Long(a[8]),
                       (float)Num(a[9]), Bool(a[10]));
  return a.Env().Undefined();
}
Napi::Value BatchNormBwd(const Napi::CallbackInfo& a) {
  K->batchnorm_backward(F(a[0]), F(a[1]), F(a[2]), F(a[3]), F(a[4]), F(a[5]), F(a[6]), F(a[7]), Long(a[8]),
                        Long(a[9]), Long(a[10]), (float)Num(a[11]), Bool(a[12]));
  return a.Env().Undefined();
}
Napi::Value ScaledAdd(const Napi::CallbackInfo& a) {
  K->scaled_add(F(a[0]), F(a[1]), Long(a[2]), (float)Num(a[3]), (float)Num(a[4]));
  return a.Env().Undefined();
}
Napi::Value Dot(const Napi::CallbackInfo& a) {
  return Napi::Number::New(a.Env(), K->dot(F(a[0]), F(a[1]), Long(a[2])));
}
Napi::Value SetThreads(const Napi::CallbackInfo& a) {
  topi::set_num_threads(Int(a[0]));
  return a.Env().Undefined();
}
Napi::Value SetIsa(const Napi::CallbackInfo& a) {
  std::string isa = a[0].As<Napi::String>().Utf8Value();
  if (!cpu_has(isa.c_str()) || !table_for(isa)) return Napi::Boolean::New(a.Env(), false);
  K = table_for(isa);
  return Napi::Boolean::New(a.Env(), true);
}
Napi::Value Info(const Napi::CallbackInfo& a) {
  Napi::Object o = Napi::Object::New(a.Env());
  o.Set("isa", K->isa);
  o.Set("threads", topi::num_threads());
  return o;
}

/** Runs the entry whose pointer is the function's data; an argument that cannot be read (EnvGone) ends it quietly. */
Napi::Value Guarded(const Napi::CallbackInfo& a) {
  auto fn = reinterpret_cast<Napi::Value (*)(const Napi::CallbackInfo&)>(a.Data());
  try {
    return fn(a);
  } catch (const EnvGone&) {
    return Napi::Value();
  }
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  for (const char* isa : {"avx512", "avx2", "generic"})
    if (cpu_has(isa) && table_for(isa)) { K = table_for(isa); break; }
  struct Entry { const char* name; Napi::Value (*fn)(const Napi::CallbackInfo&); };
  const Entry entries[] = {
      {"gemm", Gemm}, {"conv2dForward", ConvFwd}, {"conv2dBackwardInput", ConvBwdInput},
      {"conv2dBackwardFilter", ConvBwdFilter}, {"maxPool2dForward", MaxPoolFwd}, {"maxPool2dBackward", MaxPoolBwd},
      {"avgPool2dForward", AvgPoolFwd}, {"avgPool2dBackward", AvgPoolBwd}, {"unary", Unary},
      {"unaryBackward", UnaryBwd}, {"binary", Binary}, {"reduce", Reduce}, {"softmax", Softmax},
      {"softmaxCrossEntropy", SoftmaxXent}, {"mse", Mse}, {"sgd", Sgd}, {"adam", Adam}, {"adamax", Adamax},
      {"indexSelect", IndexSelect}, {"indexScatter", IndexScatter}, {"randomUniform", RandUniform},
      {"randomNormal", RandNormal}, {"fill", Fill}, {"batchNormForward", BatchNormFwd}, {"batchNormBackward", BatchNormBwd},
      {"scaledAdd", ScaledAdd}, {"dot", Dot}, {"setThreads", SetThreads}, {"setIsa", SetIsa}, {"info", Info},
  };
  for (const auto& e : entries) exports.Set(e.name, Napi::Function::New(env, Guarded, e.name, reinterpret_cast<void*>(e.fn)));
  return exports;
}

}  // namespace

NODE_API_MODULE(topiary_native, Init)
