#include "lode/exec/cancellation.h"

#include <atomic>

#include "lode/core/error.h"

namespace lode::exec {

namespace {
std::atomic<bool> cancel_requested{false};
}

void request_cancel() { cancel_requested.store(true); }
void reset_cancel() { cancel_requested.store(false); }
void check_cancelled() {
  if (cancel_requested.load(std::memory_order_relaxed)) throw CancelledError("the query was cancelled");
}

}  // namespace lode::exec
