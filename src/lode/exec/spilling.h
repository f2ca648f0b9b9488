#pragma once
// When stateful operators spill (to io/spill/ files):
// - the hash aggregate: a worker whose table no longer fits (past 3/4 of
//   the limit, or its reservation fails) writes its groups out a partition
//   at a time, as keys and partial states, and starts again empty; the
//   merge reads each partition from memory and from disk;
// - the sort: a worker whose batches would not fit sorted (past 3/4 of the
//   limit, as every worker sorts its own) writes them as a sorted run, and
//   finalize does when the whole input would not fit; the source merges
//   the runs (operators/sort_runs.h);
// - the hash join: a build past 3/4 of the limit, or whose table would not
//   fit, goes to disk by partition and the probe follows (a grace hash
//   join, operators/hash_join.h).
// A partition that is still too large once spilled is split again by the
// next bits of its hash (partitioning.h) and spilled in turn.
// A stress switch (tests only, as DuckDB's debug_force_external) makes them
// spill at every batch, and a partition's operator once more (force_spill_at),
// so that recursion runs too.

#include <atomic>

namespace lode::exec {

inline std::atomic<bool>& force_spill_switch() {
  static std::atomic<bool> on{false};
  return on;
}
inline void set_force_spill(bool on) { force_spill_switch().store(on); }
inline bool force_spill() { return force_spill_switch().load(std::memory_order_relaxed); }
/// Whether the switch forces spilling at this level of recursive
/// repartitioning: the top one and the next (deeper, each row would descend
/// through every level of the hash).
inline bool force_spill_at(int level) { return force_spill() && level < 2; }

}  // namespace lode::exec
