#pragma once
// Runs engine work from Python so that Ctrl-C cancels it: the work runs on
// its own thread while the calling thread waits without the GIL, checking
// for signals; a signal cancels the query (lode.CancelledError).

#include <pybind11/pybind11.h>

#include <chrono>
#include <functional>
#include <future>
#include <thread>

#include "lode/core/error.h"
#include "lode/exec/cancellation.h"

namespace lode::python {

namespace py = pybind11;

// Runs `work` on its own thread while this one waits without the GIL,
// checking for Ctrl-C; a signal cancels the query (CancelledError).
template <typename Result>
 Result run_interruptibly(std::function<Result()> work) {
  std::packaged_task<Result()> task(std::move(work));
  auto future = task.get_future();
  std::thread worker(std::move(task));
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        interrupted = true;
        PyErr_Clear();
        exec::request_cancel();
      }
    }
  }
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

}  // namespace lode::python
