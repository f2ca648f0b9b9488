#include "lode/exec/physical/physical_operator.h"

#include <chrono>

#include "lode/core/error.h"

namespace lode::exec {

int64_t BatchOrder::position() const {
  LODE_CHECK(stream < (int64_t{1} << 7) && task < (int64_t{1} << 24) && row_offset < (int64_t{1} << 32),
             "a row position past 128 streams, 2^24 tasks or 2^32 rows per task");
  return (stream << 56) + (task << 32) + row_offset;
}

int64_t now_nanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace lode::exec
