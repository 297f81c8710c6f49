// A small persistent pool: the calling thread takes chunk 0, workers the rest.
// Workers spin briefly after each job so back-to-back kernels do not pay a
// wake-up, then sleep on a condition variable so an idle process costs nothing.
#include <sched.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "kernels.h"

namespace topi {
namespace {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

class Pool {
 public:
  ~Pool() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
      gen_.fetch_add(1);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }

  void ensure_workers(int n) {
    while ((int)workers_.size() < n) {
      int id = (int)workers_.size() + 1;
      workers_.emplace_back([this, id] { loop(id); });
    }
  }

  void run(int nt, const std::function<void(int)>& fn) {
    ensure_workers(nt - 1);
    pending_.store(nt - 1, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lk(mu_);
      job_ = &fn;
      active_ = nt - 1;
      gen_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    fn(0);
    while (pending_.load(std::memory_order_acquire) != 0) cpu_relax();
  }

 private:
  void loop(int id) {
    uint64_t seen = 0;
    for (;;) {
      auto start = std::chrono::steady_clock::now();
      int spins = 0;
      while (gen_.load(std::memory_order_acquire) == seen) {
        cpu_relax();
        if (++spins % 256 == 0 && std::chrono::steady_clock::now() - start > std::chrono::microseconds(300)) break;
      }
      const std::function<void(int)>* job;
      int active;
      {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return gen_.load() != seen || stop_; });
        if (stop_) return;
        seen = gen_.load();
        job = job_;
        active = active_;
      }
      if (id <= active) {
        in_pool_ = true;
        (*job)(id);
        in_pool_ = false;
        pending_.fetch_sub(1, std::memory_order_release);
      }
    }
  }

 public:
  static thread_local bool in_pool_;

 private:
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<uint64_t> gen_{0};
  std::atomic<int> pending_{0};
  const std::function<void(int)>* job_ = nullptr;
  int active_ = 0;
  bool stop_ = false;
};

thread_local bool Pool::in_pool_ = false;

int default_threads() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

int g_threads = default_threads();
Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: workers may outlive static teardown order
  return *p;
}
thread_local bool t_in_parallel = false;

}  // namespace

int num_threads() { return g_threads; }
void set_num_threads(int n) { g_threads = std::max(1, std::min(n, 256)); }

void parallel_chunks(int64_t n, int64_t min_chunk, const std::function<void(int64_t, int64_t, int)>& fn) {
  if (n <= 0) return;
  int64_t by_size = min_chunk > 0 ? n / min_chunk : n;
  int nt = (int)std::max<int64_t>(1, std::min<int64_t>(g_threads, by_size));
  if (nt <= 1 || t_in_parallel || Pool::in_pool_) {
    fn(0, n, 0);
    return;
  }
  int64_t chunk = (n + nt - 1) / nt;
  std::function<void(int)> task = [&](int tid) {
    int64_t b = tid * chunk, e = std::min(n, b + chunk);
    if (b < e) fn(b, e, tid);
  };
  t_in_parallel = true;
  pool().run(nt, task);
  t_in_parallel = false;
}

}  // namespace topi
