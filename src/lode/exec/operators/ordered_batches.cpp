#include "lode/exec/operators/ordered_batches.h"

namespace lode::exec {

void OrderedBatches::begin_stream(int64_t stream, int64_t num_tasks, const std::function<void(Batch)>& ready) {
  std::lock_guard lock(mutex_);
  stream_tasks_[stream] = num_tasks;
  if (ready) pass_prefix(ready, false);
}

void OrderedBatches::add(const BatchOrder& order, Batch batch, const std::function<void(Batch)>& ready) {
  std::lock_guard lock(mutex_);
  tasks_[{order.stream, order.task}].batches.push_back(std::move(batch));
  if (ready) pass_prefix(ready, true);
}

bool OrderedBatches::advance() {
  auto known = stream_tasks_.find(next_.first);
  if (known == stream_tasks_.end() || next_.second < known->second) return false;
  next_ = {next_.first + 1, 0};
  return true;
}

void OrderedBatches::complete(const BatchOrder& order, const std::function<void(Batch)>& ready) {
  std::lock_guard lock(mutex_);
  tasks_[{order.stream, order.task}].complete = true;
  pass_prefix(ready, false);
}

void OrderedBatches::pass_prefix(const std::function<void(Batch)>& ready, bool head_too) {
  while (true) {
    while (advance()) {
    }
    auto it = tasks_.find(next_);
    if (it == tasks_.end()) return;
    if (!it->second.complete) {  // the head task, still running: what it has so far
      if (!head_too) return;
      Task& task = it->second;
      while (task.passed < task.batches.size()) {
        Batch batch = std::move(task.batches[task.passed++]);
        ready(std::move(batch));
      }
      return;
    }
    // Counted as passed before ready() sees it: where ready() throws (out
    // of memory in a writer), a later call goes on after it, never handing
    // out a moved-from batch.
    Task& task = it->second;
    while (task.passed < task.batches.size()) {
      Batch batch = std::move(task.batches[task.passed++]);
      ready(std::move(batch));
    }
    tasks_.erase(it);
    ++next_.second;
  }
}

std::vector<Batch> OrderedBatches::take_all() {
  std::lock_guard lock(mutex_);
  std::vector<Batch> batches;
  for (auto& [key, task] : tasks_)
    for (size_t i = task.passed; i < task.batches.size(); ++i) batches.push_back(std::move(task.batches[i]));
  tasks_.clear();
  return batches;
}

}  // namespace lode::exec
