#include "lode/exec/physical/physical_operator.h"

#include <chrono>

#include "lode/core/error.h"

namespace lode::exec {

int64_t BatchOrder::position() const {
  if (stream >= (int64_t{1} << 10) || task >= (int64_t{1} << 22) || row_offset >= (int64_t{1} << 31))
    throw NotSupportedError("first() and last() order rows by position, which holds at most 1024 union inputs, "
                            "4M source tasks and 2^31 rows per task; got input " + std::to_string(stream) + ", task " +
                            std::to_string(task) + ", row " + std::to_string(row_offset));
  return (stream << 53) + (task << 31) + row_offset;
}

int64_t now_nanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace lode::exec
