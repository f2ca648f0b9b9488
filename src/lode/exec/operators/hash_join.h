#pragma once
// The hash join, in three roles. As a sink it takes the build side: each
// worker keeps its batches with their encoded keys and files every row
// under its radix partition (partitioning.h) as it arrives; finalize
// concatenates the build rows (in input order, a column per task) and
// builds each partition's table (key -> its build rows, in input order), a
// partition per task. As a streaming operator it probes each batch of the
// probe side and emits the joined rows in batches of at most kMaxOutputRows
// (a key with many matches cannot blow up one batch). For right and full
// joins it is then a source of the build rows no probe row matched, a
// pipeline of its own after every probe has ended (for right semi and anti
// joins, of the build rows matched, or not).
//
// Past the memory limit it becomes a grace hash join (spilling.h): once
// the build side outgrows its share of memory, the workers write its rows
// to disk by partition, and so does the probe; the source then joins the
// spilled partitions, a task each, every one as a join of its own in
// memory (whose unmatched build rows it emits too). Spilled, the rows of a
// key come out in no particular order.
//
// A residual condition (a join's non-equality part, e.g. a.x < b.y) is
// evaluated on the key matches of whole probe rows, batch at a time; a
// probe row matches when any of its candidates meets it. The matching rule
// of each kind (kept unmatched rows, semi, anti, marked build rows) then
// applies to the rows that met it.

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "lode/core/memory_manager.h"
#include "lode/exec/partitioned_spill.h"
#include "lode/exec/partitioning.h"
#include "lode/exec/physical/physical_operator.h"
#include "lode/plan/expression.h"

namespace lode::exec {

/// kRightSemi and kRightAnti are semi and anti joins that build on the
/// left side (the rows that come out) and probe with the right: the probe
/// marks the build rows it matches, and the source emits the marked (or
/// unmarked) ones, in input order. The planner picks them when the left
/// side is the smaller.
enum class JoinKind { kInner, kLeft, kRight, kFull, kSemi, kAnti, kCross, kRightSemi, kRightAnti };

/// Parses "inner", "left", ... (the logical plan's join names).
JoinKind join_kind_from_name(const std::string& name);
std::string join_kind_name(JoinKind kind);

/// Where each column of a batch the join makes comes from (its output, or
/// its residual condition's inputs).
struct JoinOutput {
  std::vector<int> from_probe;  // per column: 1 from the probe side, 0 from the build side
  std::vector<int> columns;     // the column of that side
};

/// A join's residual condition, bound over the columns `inputs` lists
/// (each from the probe or the build side).
struct JoinResidual {
  plan::ExprPtr condition;  // null: none
  JoinOutput inputs;
};

class PhysicalHashJoin final : public PhysicalOperator {
 public:
  struct BuildChunk;
  static constexpr int64_t kMaxOutputRows = int64_t{1} << 17;

  /// `kind` is as seen from the probe side (a left join probing with the
  /// left side keeps unmatched probe rows; probing with the right side, it
  /// keeps unmatched build rows: the planner passes kRight then).
  PhysicalHashJoin(Schema schema, JoinKind kind, std::vector<plan::ExprPtr> probe_keys,
                   std::vector<plan::ExprPtr> build_keys, bool nulls_equal, JoinOutput output,
                   JoinResidual residual = {});
  ~PhysicalHashJoin() override;

  std::string name() const override { return "HASH_JOIN"; }
  std::string details() const override;

  bool is_sink() const override { return true; }
  std::unique_ptr<OperatorState> make_sink_state(QueryContext& context) override;
  SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) override;
  void combine(QueryContext& context, OperatorState& state) override;
  int64_t finalize_round(QueryContext& context, int round) override;
  void finalize_task(QueryContext& context, int round, int64_t task) override;

  bool is_streaming() const override { return true; }
  std::unique_ptr<OperatorState> make_operator_state(QueryContext& context) override;
  OperatorResult execute(QueryContext& context, OperatorState* state, const Batch& input, Batch& output) override;
  OperatorResult flush(QueryContext& context, OperatorState* state, Batch& output) override;

  /// A source of build rows (unmatched ones for right, full and right anti
  /// joins, matched ones for right semi joins), and of the joined rows of
  /// spilled partitions.
  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext& context) override;
  SourceResult get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) override;

 private:
  struct Partition;
  struct ProbeState;
  struct BuildLocal;
  const Schema& build_schema() const { return children.empty() ? build_schema_ : children[1]->schema(); }
  // ---- spilling
  bool build_fits(QueryContext& context) const;
  void spill_chunks(const std::vector<std::unique_ptr<BuildChunk>>& chunks, PartitionedSpill::Writer& writer) const;
  void spill_probe(ProbeState& state, const Batch& input);
  void join_spilled_partition(QueryContext& context, int partition, const BatchEmitter& emit) const;
  void join_nested(QueryContext& context, RadixPartitioning partitioning, bool may_spill,
                   const std::function<void(const std::function<void(Batch)>&)>& build, int probe_partition,
                   const BatchEmitter& emit, int64_t build_rows = -1) const;
  bool marks_build() const {
    return kind_ == JoinKind::kRight || kind_ == JoinKind::kFull || kind_ == JoinKind::kRightSemi ||
           kind_ == JoinKind::kRightAnti;
  }
  template <JoinKind kKind, bool kMarkBuild>
  bool probe(ProbeState& state, int64_t rows);
  bool probe_with_residual(ProbeState& state, const Batch& input);
  std::vector<uint8_t> residual_mask(const Batch& probe_batch, const std::vector<int64_t>& probe_rows,
                                     const std::vector<int64_t>& build_rows) const;
  /// The build rows of the probe row's key, as [begin, end) (empty for none).
  void find_matches(ProbeState& state, int64_t row, const int64_t*& begin, const int64_t*& end) const;
  /// The `which` columns of the pairs (probe row, build row; -1: nulls).
  Batch gather(const Batch& probe_batch, const std::vector<int64_t>& probe_rows, const std::vector<int64_t>& build_rows,
               const JoinOutput& which) const;

  JoinKind kind_;
  std::vector<plan::ExprPtr> probe_keys_, build_keys_;
  bool nulls_equal_;
  JoinOutput output_;
  JoinResidual residual_;
  RadixPartitioning partitioning_;
  bool integer_keys_;  // one integer key: join_keys.h's integer form

  std::mutex mutex_;
  std::vector<std::unique_ptr<BuildChunk>> chunks_;
  std::vector<int64_t> chunk_offsets_;
  std::vector<std::shared_ptr<Column>> build_columns_;
  Batch build_rows_;
  std::vector<Partition> partitions_;
  std::vector<std::atomic<uint8_t>> matched_;
  std::unique_ptr<MemoryReservation> reservation_;

  Schema build_schema_;           // a partition's join has no children
  bool may_spill_ = true;         // not a partition's join
  int64_t parent_build_rows_ = -1;  // a partition's join: the build rows of that partition
  std::atomic<bool> spilling_{false};  // the build side goes to disk
  std::atomic<int64_t> build_bytes_{0}, build_count_{0};
  bool spilled_ = false;          // finalized on disk: the probe spills too
  PartitionedSpill build_spill_{RadixPartitioning().count()};
  PartitionedSpill probe_spill_{RadixPartitioning().count()};
  std::vector<std::vector<std::unique_ptr<BuildChunk>>> spill_groups_;  // finalize's chunks to write out
};

}  // namespace lode::exec
