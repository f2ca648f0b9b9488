#include "lode/exec/query_context.h"

#include "lode/core/error.h"
#include "lode/core/memory_manager.h"
#include "lode/core/thread_pool.h"

namespace lode::exec {

void CancelToken::check() const {
  if (cancelled()) throw CancelledError("the query was cancelled");
}

QueryContext::QueryContext() : memory(&MemoryManager::global()), pool(&ThreadPool::global()) {}

}  // namespace lode::exec
