#pragma once
// The process-wide pool of worker threads (sized to the machine, changed by
// lode.set_threads). Work is given as a count of independent tasks (morsels,
// splits, partitions); workers pull task indices from a shared atomic counter
// so fast workers take more, and the calling thread works too. The first
// exception a task throws stops the handing out of further tasks and is
// rethrown to the caller once all running tasks finished.
//
// Threading: parallel_for may be called from several threads at once (each
// call is its own job); a task must not call parallel_for on the same pool
// (no nested parallelism; split the work instead).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace lode {

class ThreadPool {
 public:
  /// Starts `num_threads` - 1 workers; the caller of parallel_for is the last.
  explicit ThreadPool(int num_threads);
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ~ThreadPool();

  /// Returns the process-wide pool, made on first use with one thread per core.
  static ThreadPool& global();
  /// Replaces the global pool's size (lode.set_threads); not while queries run.
  static void set_global_threads(int num_threads);

  int num_threads() const { return num_threads_; }

  /// Runs task(index, worker) for index in [0, num_tasks) on up to
  /// num_threads() threads; `worker` in [0, num_threads()) names the thread,
  /// for thread-local state. Returns when all tasks are done; rethrows the
  /// first exception.
  void parallel_for(int64_t num_tasks, const std::function<void(int64_t index, int worker)>& task);

 private:
  struct Job;
  void worker_loop(int worker);
  static void run_tasks(Job& job, int worker);

  int num_threads_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> jobs_;
  bool stopping_ = false;
};

}  // namespace lode
