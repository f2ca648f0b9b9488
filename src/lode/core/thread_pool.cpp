#include "lode/core/thread_pool.h"

#include <limits>

#include "lode/core/error.h"

namespace lode {

struct ThreadPool::Job {
  int64_t num_tasks = 0;
  Task task;
  Done on_done;
  const void* owner = nullptr;
  std::atomic<int64_t> next_task{0};
  std::atomic<int64_t> unfinished{0};
  std::atomic<int> next_slot{0};
  std::atomic<int64_t> lowest_failed{std::numeric_limits<int64_t>::max()};
  std::mutex mutex;
  std::exception_ptr error;

  bool exhausted() const { return next_task.load(std::memory_order_relaxed) >= num_tasks; }
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
  for (int worker = 1; worker < num_threads; ++worker) threads_.emplace_back([this] { worker_loop(); });
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

// Runs the job's tasks until none is left to hand out. Every index is
// claimed by some thread; indices above a failed one are claimed and skipped.
void ThreadPool::run_tasks(Job& job) {
  const int slot = job.next_slot.fetch_add(1, std::memory_order_relaxed);
  while (true) {
    const int64_t index = job.next_task.fetch_add(1, std::memory_order_relaxed);
    if (index >= job.num_tasks) break;
    if (index < job.lowest_failed.load(std::memory_order_relaxed)) {
      try {
        job.task(index, slot);
      } catch (...) {
        std::lock_guard lock(job.mutex);
        if (index < job.lowest_failed.load(std::memory_order_relaxed)) {
          job.lowest_failed.store(index, std::memory_order_relaxed);
          job.error = std::current_exception();
        }
      }
    }
    if (job.unfinished.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::exception_ptr error;
      {
        std::lock_guard lock(job.mutex);
        error = job.error;
      }
      Done done = std::move(job.on_done);
      done(error);
    }
  }
}

std::shared_ptr<ThreadPool::Job> ThreadPool::take_job(const void* owner, bool any_owner) {
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    if ((*it)->exhausted()) {
      it = jobs_.erase(it);
      continue;
    }
    if (any_owner || (*it)->owner == owner) return *it;
    ++it;
  }
  return nullptr;
}

void ThreadPool::worker_loop() {
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || (job = take_job(nullptr, true)) != nullptr; });
      if (stopping_) return;
    }
    run_tasks(*job);
  }
}

void ThreadPool::enqueue(const std::shared_ptr<Job>& job, bool urgent) {
  {
    std::lock_guard lock(mutex_);
    if (urgent) jobs_.push_front(job);
    else jobs_.push_back(job);
  }
  wake_.notify_all();
}

void ThreadPool::submit(int64_t num_tasks, Task task, Done on_done, const void* owner, bool urgent) {
  if (num_tasks <= 0) {
    on_done(nullptr);
    return;
  }
  auto job = std::make_shared<Job>();
  job->num_tasks = num_tasks;
  job->task = std::move(task);
  job->on_done = std::move(on_done);
  job->owner = owner;
  job->unfinished.store(num_tasks);
  enqueue(job, urgent);
}

void ThreadPool::help_until(const void* owner, const std::function<bool()>& finished) {
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return finished() || (job = take_job(owner, false)) != nullptr; });
      if (!job) return;
    }
    run_tasks(*job);
  }
}

void ThreadPool::wake_helpers() {
  // Taking the lock orders the waker's state change before the helpers' check.
  { std::lock_guard lock(mutex_); }
  wake_.notify_all();
}

void ThreadPool::parallel_for(int64_t num_tasks, const Task& task) {
  if (num_tasks <= 0) return;
  if (num_tasks == 1 || num_threads_ == 1) {
    for (int64_t index = 0; index < num_tasks; ++index) task(index, 0);
    return;
  }
  std::mutex mutex;
  bool done = false;
  std::exception_ptr error;
  auto job = std::make_shared<Job>();
  job->num_tasks = num_tasks;
  job->task = task;
  job->owner = job.get();
  job->unfinished.store(num_tasks);
  job->on_done = [&](std::exception_ptr failure) {
    {
      std::lock_guard lock(mutex);
      error = failure;
      done = true;
    }
    wake_helpers();
  };
  enqueue(job, true);
  help_until(job.get(), [&] {
    std::lock_guard lock(mutex);
    return done;
  });
  if (error) std::rethrow_exception(error);
}

}  // namespace lode
