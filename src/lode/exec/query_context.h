#pragma once
// The state of one running query that its operators share: the cancel
// token, the memory manager its reservations draw on, the thread pool its
// pipelines run on, the profile it fills and (for spilling) the directory
// it may write to. Made by whoever starts the query; lives until the query
// ends. Thread-safe: operators on any worker read it; cancel() may be
// called from any thread (Ctrl-C, a background handle).

#include <atomic>
#include <memory>
#include <string>

namespace lode {
class MemoryManager;
class ThreadPool;
}  // namespace lode

namespace lode::exec {

class QueryProfile;

/// Stops one query: set from any thread, checked by its tasks between morsels.
class CancelToken {
 public:
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  /// Throws CancelledError if cancel() was called.
  void check() const;

 private:
  std::atomic<bool> cancelled_{false};
};

struct QueryContext {
  /// Uses the process-wide memory manager and thread pool.
  QueryContext();
  QueryContext(MemoryManager& memory, ThreadPool& pool) : memory(&memory), pool(&pool) {}

  std::shared_ptr<CancelToken> cancel = std::make_shared<CancelToken>();
  MemoryManager* memory;
  ThreadPool* pool;
  QueryProfile* profile = nullptr;  // null: no profile
  std::string spill_directory;      // empty: the system's temporary directory

  void check_cancelled() const { cancel->check(); }
};

}  // namespace lode::exec
