#pragma once
// When stateful operators spill. Today the hash aggregate does: a worker
// whose table no longer fits in the memory limit (its reservation fails)
// writes its groups out a partition at a time, as keys and partial states
// (io/spill/), and starts again empty; its finalize merges each partition
// from memory and from disk. A stress switch (tests only, as DuckDB's
// debug_force_external) makes it spill after every batch.

#include <atomic>

namespace lode::exec {

inline std::atomic<bool>& force_spill_switch() {
  static std::atomic<bool> on{false};
  return on;
}
inline void set_force_spill(bool on) { force_spill_switch().store(on); }
inline bool force_spill() { return force_spill_switch().load(std::memory_order_relaxed); }

}  // namespace lode::exec
