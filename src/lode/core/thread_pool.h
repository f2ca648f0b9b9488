#pragma once
// The process-wide pool of worker threads (sized to the machine, changed by
// lode.set_threads). Work is given as jobs: a count of independent tasks
// (morsels, splits, partitions). Workers pull task indices from a job's
// atomic counter, so fast workers take more. parallel_for blocks its caller,
// who works on its own job meanwhile; submit() returns at once and calls the
// job's on_done when its last task has finished (the executor chains the
// pipelines of a query this way, so no thread waits on another).
//
// Errors: once a task throws, tasks with higher indices are skipped, tasks
// with lower ones still run, and the error of the lowest failing index is
// the job's error (a scan reports its earliest bad split, whichever thread
// got there first).
//
// Worker slots: each thread that joins a job gets a slot in
// [0, num_threads()) for that job, for thread-local state. Slots are per
// job, so concurrent jobs (two queries, nested parallel_for inside a task)
// never share a slot.

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
  using Task = std::function<void(int64_t index, int worker)>;
  using Done = std::function<void(std::exception_ptr error)>;

  /// Starts `num_threads` - 1 workers; a waiting caller is the last.
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
  /// num_threads() threads; `worker` in [0, num_threads()) names the thread
  /// within this job. Returns when all tasks are done; rethrows the error of
  /// the lowest failing index.
  void parallel_for(int64_t num_tasks, const Task& task);

  /// Queues the tasks and returns; on_done(error) runs once, on the thread
  /// that ends the last task, after every task ended. `owner` tags the job
  /// so that help_until(owner, ...) can work on it. An `urgent` job goes to
  /// the front of the queue (work that finishes what was started, and so
  /// frees memory, before work that starts something new).
  void submit(int64_t num_tasks, Task task, Done on_done, const void* owner = nullptr, bool urgent = false);

  /// Runs tasks of jobs tagged `owner` on this thread until finished()
  /// returns true; sleeps while there are none. Call wake_helpers() after
  /// whatever makes finished() true.
  void help_until(const void* owner, const std::function<bool()>& finished);
  void wake_helpers();

 private:
  struct Job;
  void worker_loop();
  std::shared_ptr<Job> take_job(const void* owner, bool any_owner);
  void enqueue(const std::shared_ptr<Job>& job, bool urgent);
  static void run_tasks(Job& job);

  int num_threads_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> jobs_;
  bool stopping_ = false;
};

}  // namespace lode
