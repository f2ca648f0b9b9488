#pragma once
// The memory manager: one account of every byte lode holds in buffers and
// operator state, checked against a user-set limit. Reserving past the limit
// throws OutOfMemoryError instead of letting the OS kill the process.
// Thread-safe: reserve/release are lock-free atomics, callable from any worker.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace lode {

class MemoryManager {
 public:
  static constexpr int64_t kUnlimited = INT64_MAX;

  explicit MemoryManager(int64_t limit_bytes = kUnlimited);
  MemoryManager(const MemoryManager&) = delete;
  MemoryManager& operator=(const MemoryManager&) = delete;

  /// Returns the process-wide manager; its default limit is 80% of RAM.
  static MemoryManager& global();

  /// Accounts `size_bytes` more, or throws OutOfMemoryError naming `what`
  /// when that would pass the limit (nothing is accounted then).
  void reserve(int64_t size_bytes, std::string_view what = "buffer");
  void release(int64_t size_bytes) noexcept;

  int64_t used_bytes() const { return used_bytes_.load(std::memory_order_relaxed); }
  int64_t peak_bytes() const { return peak_bytes_.load(std::memory_order_relaxed); }
  int64_t limit_bytes() const { return limit_bytes_.load(std::memory_order_relaxed); }
  bool has_limit() const { return limit_bytes() != kUnlimited; }
  void set_limit_bytes(int64_t limit_bytes);
  void reset_peak() { peak_bytes_.store(used_bytes(), std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> used_bytes_{0};
  std::atomic<int64_t> peak_bytes_{0};
  std::atomic<int64_t> limit_bytes_;
};

/// Holds bytes reserved from a manager for an operator's state and gives them
/// back when destroyed; grow/shrink as the state changes size.
class MemoryReservation {
 public:
  explicit MemoryReservation(MemoryManager& manager, std::string what = "operator state")
      : manager_(&manager), what_(std::move(what)) {}
  MemoryReservation(const MemoryReservation&) = delete;
  MemoryReservation& operator=(const MemoryReservation&) = delete;
  ~MemoryReservation() { manager_->release(size_bytes_); }

  void resize(int64_t size_bytes);
  int64_t size_bytes() const { return size_bytes_; }

 private:
  MemoryManager* manager_;
  std::string what_;
  int64_t size_bytes_ = 0;
};

/// Parses "4GB", "512 MiB", "1.5g", "1000" (bytes) into bytes; decimal units
/// (KB, MB, GB, TB) are powers of 1000, binary ones (KiB, ...) of 1024.
/// Throws InvalidInputError on anything else.
int64_t parse_byte_size(std::string_view text);

/// Formats bytes for people: "1.5 GiB".
std::string format_byte_size(int64_t size_bytes);

/// Returns the machine's physical memory in bytes.
int64_t physical_memory_bytes();

}  // namespace lode
