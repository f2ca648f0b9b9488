#pragma once
// Runs engine work from Python so that Ctrl-C cancels it: the work runs on
// its own thread, with a QueryContext of its own, while the calling thread
// waits without the GIL, checking for signals; a signal cancels that
// query's token (lode.CancelledError) and no other query's.
// BackgroundQuery is the same without the wait: collect(background=True).

#include <pybind11/pybind11.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <thread>

#include "lode/core/error.h"
#include "lode/exec/query_context.h"

namespace lode::python {

namespace py = pybind11;

// Waits without the GIL until `future` is ready, checking for Ctrl-C every
// 50 ms; a signal cancels the query's token. Returns whether one came.
template <typename Result>
bool wait_interruptibly(std::future<Result>& future, exec::QueryContext& context) {
  bool interrupted = false;
  py::gil_scoped_release release;
  while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
    py::gil_scoped_acquire acquire;
    if (PyErr_CheckSignals() != 0) {
      interrupted = true;
      PyErr_Clear();
      context.cancel->cancel();
    }
  }
  return interrupted;
}

// Runs `work` on its own thread while this one waits without the GIL,
// checking for Ctrl-C; a signal cancels the query (CancelledError).
template <typename Result>
Result run_interruptibly(std::function<Result(exec::QueryContext&)> work) {
  auto context = std::make_shared<exec::QueryContext>();
  std::packaged_task<Result()> task([context, work = std::move(work)] { return work(*context); });
  auto future = task.get_future();
  std::thread worker(std::move(task));
  const bool interrupted = wait_interruptibly(future, *context);
  worker.join();
  // A query that finished before it saw the request is cancelled all the same.
  if (interrupted) {
    try {
      future.get();
    } catch (...) {
    }
    throw CancelledError("the query was cancelled");
  }
  return future.get();  // rethrows the query's error
}

// A query running on its own thread; Python holds the handle.
template <typename Result>
class BackgroundQuery {
 public:
  explicit BackgroundQuery(std::function<Result(exec::QueryContext&)> work)
      : context_(std::make_shared<exec::QueryContext>()) {
    std::packaged_task<Result()> task([context = context_, work = std::move(work)] { return work(*context); });
    future_ = task.get_future();
    thread_ = std::thread(std::move(task));
  }
  ~BackgroundQuery() {
    if (!thread_.joinable()) return;
    context_->cancel->cancel();
    py::gil_scoped_release release;
    thread_.join();
  }

  void cancel() { context_->cancel->cancel(); }
  bool is_done() const { return future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }
  /// Waits for the result (without the GIL); Ctrl-C cancels the query.
  Result fetch_blocking() {
    if (!thread_.joinable()) throw InvalidInputError("the result of this query was already fetched");
    const bool interrupted = wait_interruptibly(future_, *context_);
    thread_.join();
    if (interrupted) throw CancelledError("the query was cancelled");
    return future_.get();
  }

 private:
  std::shared_ptr<exec::QueryContext> context_;
  std::future<Result> future_;
  std::thread thread_;
};

}  // namespace lode::python
