#include "lode/core/memory_manager.h"

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "lode/core/error.h"

namespace lode {

MemoryManager::MemoryManager(int64_t limit_bytes) : limit_bytes_(limit_bytes) {}

MemoryManager& MemoryManager::global() {
  static MemoryManager manager(physical_memory_bytes() / 10 * 8);
  return manager;
}

void MemoryManager::reserve(int64_t size_bytes, std::string_view what) {
  LODE_CHECK(size_bytes >= 0, "negative reservation");
  int64_t used = used_bytes_.load(std::memory_order_relaxed);
  const int64_t limit = limit_bytes();
  while (true) {
    if (size_bytes > limit - used) {
      throw OutOfMemoryError(
          "out of memory: " + std::string(what) + " needs " + format_byte_size(size_bytes) +
              " but " + format_byte_size(used) + " of the " + format_byte_size(limit) +
              " limit is in use",
          ErrorContext{.hint = "raise the limit with lode.set_memory_limit(...), or process "
                               "less data at once (select fewer columns, filter earlier)"});
    }
    if (used_bytes_.compare_exchange_weak(used, used + size_bytes, std::memory_order_relaxed))
      break;
  }
  int64_t now = used + size_bytes;
  int64_t peak = peak_bytes_.load(std::memory_order_relaxed);
  while (now > peak &&
         !peak_bytes_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

void MemoryManager::release(int64_t size_bytes) noexcept {
  used_bytes_.fetch_sub(size_bytes, std::memory_order_relaxed);
}

void MemoryManager::set_limit_bytes(int64_t limit_bytes) {
  if (limit_bytes <= 0) throw InvalidInputError("memory limit must be positive");
  limit_bytes_.store(limit_bytes, std::memory_order_relaxed);
}

void MemoryReservation::resize(int64_t size_bytes) {
  if (size_bytes > size_bytes_) {
    manager_->reserve(size_bytes - size_bytes_, what_);
  } else {
    manager_->release(size_bytes_ - size_bytes);
  }
  size_bytes_ = size_bytes;
}

int64_t parse_byte_size(std::string_view text) {
  auto fail = [&]() -> int64_t {
    throw InvalidInputError("cannot read '" + std::string(text) + "' as a memory size",
                            ErrorContext{.hint = "write a number with a unit, e.g. \"4GB\", "
                                                 "\"512MiB\" or \"1000000\" (bytes)"});
  };
  std::string number, unit;
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) ||
                             text[i] == '.' || text[i] == 'e' || text[i] == 'E')) {
    // An 'e' is an exponent only when a digit follows; "1e9" but not "1eb".
    if ((text[i] == 'e' || text[i] == 'E') &&
        (i + 1 >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 1]))))
      break;
    number += text[i++];
  }
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  for (; i < text.size(); ++i) unit += static_cast<char>(std::tolower(text[i]));
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
  if (number.empty()) return fail();
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(value) || value < 0) return fail();
  double multiplier;
  if (unit.empty() || unit == "b") multiplier = 1;
  else if (unit == "k" || unit == "kb") multiplier = 1e3;
  else if (unit == "m" || unit == "mb") multiplier = 1e6;
  else if (unit == "g" || unit == "gb") multiplier = 1e9;
  else if (unit == "t" || unit == "tb") multiplier = 1e12;
  else if (unit == "kib") multiplier = 1024.0;
  else if (unit == "mib") multiplier = 1024.0 * 1024;
  else if (unit == "gib") multiplier = 1024.0 * 1024 * 1024;
  else if (unit == "tib") multiplier = 1024.0 * 1024 * 1024 * 1024;
  else return fail();
  double bytes = value * multiplier;
  if (bytes >= 9.2e18) return fail();
  return static_cast<int64_t>(bytes);
}

std::string format_byte_size(int64_t size_bytes) {
  static const char* kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (size_bytes == MemoryManager::kUnlimited) return "unlimited";
  double value = static_cast<double>(size_bytes);
  int unit = 0;
  while (std::fabs(value) >= 1024 && unit < 6) {
    value /= 1024;
    ++unit;
  }
  char text[64];
  if (unit == 0) std::snprintf(text, sizeof(text), "%lld bytes", static_cast<long long>(size_bytes));
  else std::snprintf(text, sizeof(text), "%.1f %s", value, kUnits[unit]);
  return text;
}

int64_t physical_memory_bytes() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return int64_t{8} << 30;
  return static_cast<int64_t>(pages) * page_size;
}

}  // namespace lode
