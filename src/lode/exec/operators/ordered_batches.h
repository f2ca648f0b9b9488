#pragma once
// Batches kept in their pipeline's output order (stream, task, row offset),
// for the sinks that must see rows in order: the result collector, limit and
// the ordered file writer. complete() hands out the batches of the longest
// prefix of completed tasks, once each, so an ordered consumer can go ahead
// while later tasks still run; given a consumer, add() hands out at once the
// batches of the task right after that prefix, so a writer holds no more
// than the tasks running ahead of it. Thread-safe (one lock; calls are per
// batch).

#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "lode/exec/physical/physical_operator.h"

namespace lode::exec {

class OrderedBatches {
 public:
  /// Records how many tasks `stream` brings; passes batches that became
  /// ready (a stream of no tasks completes the prefix) to `ready`, if given.
  void begin_stream(int64_t stream, int64_t num_tasks, const std::function<void(Batch)>& ready = {});
  /// Keeps a batch; with `ready`, passes it (and what it completes) at once
  /// when its task is the next in order.
  void add(const BatchOrder& order, Batch batch, const std::function<void(Batch)>& ready = {});
  /// Marks task (order.stream, order.task) complete and passes each batch of
  /// the newly completed prefix, in order, to `ready` (under the lock).
  void complete(const BatchOrder& order, const std::function<void(Batch)>& ready);
  /// Returns every batch held, in order (completed or not).
  std::vector<Batch> take_all();

 private:
  struct Task {
    std::vector<Batch> batches;
    size_t passed = 0;  // batches handed out already
    bool complete = false;
  };
  using Key = std::pair<int64_t, int64_t>;  // stream, task
  bool advance();                            // moves next_ past a finished stream
  // Under the lock: the completed prefix, and with head_too what the next task has so far.
  void pass_prefix(const std::function<void(Batch)>& ready, bool head_too);

  std::mutex mutex_;
  std::map<Key, Task> tasks_;
  std::map<int64_t, int64_t> stream_tasks_;
  Key next_{0, 0};
};

}  // namespace lode::exec
