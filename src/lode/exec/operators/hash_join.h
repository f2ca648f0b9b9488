#pragma once
// The hash join. The build side is materialized, its keys encoded and split
// into radix partitions by hash; each partition's table (key -> the build
// rows with that key) is built by one task, partitions in parallel. Probing
// is a streaming operator in the probe side's pipeline, so it runs on all
// workers at once; right and full joins mark the build rows they matched and
// add the unmatched ones at the end. The partitions are the unit spilling
// will write to disk when the build side does not fit (DESIGN.md §4, §9).

#include <atomic>
#include <memory>
#include <vector>

#include "lode/core/memory_manager.h"
#include "lode/core/table.h"
#include "lode/exec/group_table.h"
#include "lode/exec/pipeline.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

class JoinHashTable {
 public:
  /// Builds the table over `build` (one batch) keyed by the bound `keys`.
  JoinHashTable(std::shared_ptr<const Table> build, const std::vector<plan::ExprPtr>& keys, bool nulls_equal);

  struct Range {
    const int64_t* begin = nullptr;
    const int64_t* end = nullptr;
  };
  /// Returns the build rows whose key equals an encoded probe key.
  Range find(std::string_view key, uint64_t hash) const;

  /// Starts fetching the table memory a probe with this hash will touch.
  void prefetch(uint64_t hash) const { partitions_[radix_bits_ ? hash >> (64 - radix_bits_) : 0].table.prefetch(hash); }

  const Batch& rows() const { return batch_; }
  int64_t num_rows() const { return batch_.num_rows(); }

 private:
  struct Partition {
    GroupTable table;
    std::vector<int64_t> starts;  // per group, into rows
    std::vector<int64_t> rows;    // build rows, grouped by key, in input order
  };
  int radix_bits_ = 0;
  Batch batch_;
  std::vector<Partition> partitions_;
  MemoryReservation reservation_;
};

/// Probes the hash table with each batch of the probe side and emits the
/// joined rows, laid out as the join node's output.
class JoinProbeOperator final : public Operator {
 public:
  /// `probe_is_left`: the probe side is the node's left input.
  JoinProbeOperator(const plan::PlanNode& node, std::shared_ptr<const JoinHashTable> table, bool probe_is_left);
  Batch execute(const Batch& batch) const override;

  /// Returns the build rows no probe row matched, with nulls for the probe
  /// side's columns (for right and full joins; call after the pipeline).
  Batch unmatched_build_rows() const;

 private:
  const plan::PlanNode& node_;
  std::shared_ptr<const JoinHashTable> table_;
  bool probe_is_left_;
  mutable std::vector<std::atomic<uint8_t>> matched_;
};

/// Returns the cross product of two tables (every left row with every right row).
std::shared_ptr<Table> cross_join(const plan::PlanNode& node, const Table& left, const Table& right);

}  // namespace lode::exec
