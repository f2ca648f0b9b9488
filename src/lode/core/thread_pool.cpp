#include "lode/core/thread_pool.h"

#include "lode/core/error.h"

namespace lode {

struct ThreadPool::Job {
  int64_t num_tasks = 0;
  const std::function<void(int64_t, int)>* task = nullptr;
  std::atomic<int64_t> next_task{0};
  std::atomic<int> active_workers{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::condition_variable done;
  std::exception_ptr error;
};

namespace {

std::unique_ptr<ThreadPool>& global_pool() {
  static std::unique_ptr<ThreadPool> pool;
  return pool;
}

std::mutex& global_pool_mutex() {
  static std::mutex mutex;
  return mutex;
}

int default_threads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

}  // namespace

ThreadPool::ThreadPool(int num_threads) : num_threads_(num_threads) {
  if (num_threads < 1) throw InvalidInputError("the thread count must be at least 1, got " + std::to_string(num_threads));
  for (int worker = 1; worker < num_threads; ++worker) threads_.emplace_back([this, worker] { worker_loop(worker); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

ThreadPool& ThreadPool::global() {
  std::lock_guard lock(global_pool_mutex());
  auto& pool = global_pool();
  if (!pool) pool = std::make_unique<ThreadPool>(default_threads());
  return *pool;
}

void ThreadPool::set_global_threads(int num_threads) {
  if (num_threads < 1) throw InvalidInputError("the thread count must be at least 1, got " + std::to_string(num_threads));
  std::lock_guard lock(global_pool_mutex());
  auto& pool = global_pool();
  if (pool && pool->num_threads() == num_threads) return;
  pool.reset();
  pool = std::make_unique<ThreadPool>(num_threads);
}

void ThreadPool::run_tasks(Job& job, int worker) {
  while (!job.failed.load(std::memory_order_relaxed)) {
    const int64_t index = job.next_task.fetch_add(1, std::memory_order_relaxed);
    if (index >= job.num_tasks) break;
    try {
      (*job.task)(index, worker);
    } catch (...) {
      std::lock_guard lock(job.mutex);
      if (!job.error) job.error = std::current_exception();
      job.failed.store(true, std::memory_order_relaxed);
    }
  }
}

void ThreadPool::worker_loop(int worker) {
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = jobs_.front();
      // A job whose tasks are all handed out leaves the queue.
      if (job->next_task.load(std::memory_order_relaxed) >= job->num_tasks || job->failed.load()) {
        jobs_.pop_front();
        continue;
      }
      job->active_workers.fetch_add(1);
    }
    run_tasks(*job, worker);
    if (job->active_workers.fetch_sub(1) == 1) {
      std::lock_guard lock(job->mutex);
      job->done.notify_all();
    }
  }
}

void ThreadPool::parallel_for(int64_t num_tasks, const std::function<void(int64_t, int)>& task) {
  if (num_tasks <= 0) return;
  if (num_tasks == 1 || num_threads_ == 1) {
    for (int64_t index = 0; index < num_tasks; ++index) task(index, 0);
    return;
  }
  auto job = std::make_shared<Job>();
  job->num_tasks = num_tasks;
  job->task = &task;
  job->active_workers.store(1);  // the caller
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(job);
  }
  wake_.notify_all();
  run_tasks(*job, 0);
  {
    std::unique_lock lock(job->mutex);
    job->active_workers.fetch_sub(1);
    job->done.wait(lock, [&] { return job->active_workers.load() == 0; });
  }
  {
    std::lock_guard lock(mutex_);
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it)
      if (*it == job) {
        jobs_.erase(it);
        break;
      }
  }
  if (job->error) std::rethrow_exception(job->error);
}

}  // namespace lode
