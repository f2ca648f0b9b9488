#pragma once
// Physical operators: what the physical planner makes of a logical plan and
// the executor runs. One operator plays up to three roles in pipelines
// (docs/architecture.md §4):
//   source     emits its rows as independent tasks (a scan's splits, an
//              aggregate's partitions, a sort's merged ranges);
//   streaming  turns each input batch into output batches (filter, project,
//              join probe), with per-thread state and result codes;
//   sink       a pipeline breaker: takes a pipeline's batches into per-thread
//              local state, combines each local state into its global state,
//              finalizes in rounds of parallel tasks, and then is the source
//              of the next pipeline.
// The operator object is the global state: a physical plan is built for one
// run. Threading: make_*_state, sink, combine and the source and streaming
// calls run on many workers at once (each on its own state); finalize tasks
// of one round run in parallel; rounds, begin_stream and num_source_tasks
// run on one thread at a time.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/batch.h"
#include "lode/core/schema.h"

namespace lode::plan {
struct PlanNode;
}

namespace lode::exec {

struct QueryContext;

/// Where a batch stands in its pipeline's output order: `stream` numbers the
/// pipelines that feed one sink (union inputs, a join's unmatched rows) in
/// output order, `task` is the source task within the stream, `row_offset`
/// counts the task's rows before this batch.
struct BatchOrder {
  int64_t stream = 0;
  int64_t task = 0;
  int64_t row_offset = 0;

  bool operator<(const BatchOrder& other) const {
    if (stream != other.stream) return stream < other.stream;
    if (task != other.task) return task < other.task;
    return row_offset < other.row_offset;
  }
  /// Returns one 64-bit position per row, ordered as the rows (for first()
  /// and last()): 10 bits of stream, 22 of task, 31 of row; throws
  /// NotSupportedError past those.
  int64_t position() const;
};

enum class SourceResult { kFinished, kBlocked };
enum class OperatorResult { kNeedMoreInput, kHaveMoreOutput, kBlocked };
enum class SinkResult { kNeedMoreInput, kFinished };

/// Per-thread state of a streaming operator or a sink, for one pipeline.
struct OperatorState {
  virtual ~OperatorState() = default;
};

/// Takes a source's next batch; returns false once downstream wants no more.
using BatchEmitter = std::function<bool(Batch)>;

/// Rows and time of one operator, summed over threads (for profile()).
struct OperatorProfile {
  std::atomic<int64_t> rows_out{0};
  std::atomic<int64_t> nanoseconds{0};
};

class PhysicalOperator {
 public:
  explicit PhysicalOperator(Schema schema) : schema_(std::move(schema)) {}
  virtual ~PhysicalOperator() = default;
  PhysicalOperator(const PhysicalOperator&) = delete;
  PhysicalOperator& operator=(const PhysicalOperator&) = delete;

  /// "HASH_AGGREGATE"; details() adds its parameters for explain().
  virtual std::string name() const = 0;
  virtual std::string details() const { return ""; }
  const Schema& schema() const { return schema_; }

  /// Inputs, in the order the pipeline builder reads them (for a join:
  /// probe side, then build side).
  std::vector<std::unique_ptr<PhysicalOperator>> children;
  /// The logical node this implements (for profiles), or null.
  const plan::PlanNode* logical = nullptr;
  OperatorProfile profile;

  // ---- as a source
  virtual bool is_source() const { return false; }
  /// Returns the number of tasks; called once the source is ready (after a
  /// breaker's finalize).
  virtual int64_t num_source_tasks(QueryContext& context) { return 0; }
  /// Emits task `task`'s batches, in order. kBlocked: not done, call again later.
  virtual SourceResult get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) {
    return SourceResult::kFinished;
  }

  // ---- as a streaming operator
  virtual bool is_streaming() const { return false; }
  virtual std::unique_ptr<OperatorState> make_operator_state(QueryContext& context) { return nullptr; }
  /// Turns `input` into `output`. kHaveMoreOutput: call again with the same
  /// input for more. kNeedMoreInput: done with this input.
  virtual OperatorResult execute(QueryContext& context, OperatorState* state, const Batch& input, Batch& output) {
    return OperatorResult::kNeedMoreInput;
  }
  /// Called at the end of each source task: emits rows held back;
  /// kHaveMoreOutput asks to be called again.
  virtual OperatorResult flush(QueryContext& context, OperatorState* state, Batch& output) {
    return OperatorResult::kNeedMoreInput;
  }

  // ---- as a sink
  virtual bool is_sink() const { return false; }
  /// A sink without local state gets an empty one (sink() takes a reference).
  virtual std::unique_ptr<OperatorState> make_sink_state(QueryContext& context) {
    return std::make_unique<OperatorState>();
  }
  /// Says that `stream` will bring `num_tasks` source tasks (before its first batch).
  virtual void begin_stream(QueryContext& context, int64_t stream, int64_t num_tasks) {}
  /// Takes a batch. kFinished: the sink needs no more input (a satisfied limit).
  virtual SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) {
    return SinkResult::kNeedMoreInput;
  }
  /// Says that source task (order.stream, order.task) has sent all its batches.
  virtual void task_done(QueryContext& context, OperatorState& state, const BatchOrder& order) {}
  /// Folds one local state into the global state (local states in parallel).
  virtual void combine(QueryContext& context, OperatorState& state) {}
  /// Returns the number of parallel tasks in finalize round `round`
  /// (0, 1, ... until it returns 0), run after every feeding pipeline ended.
  virtual int64_t finalize_round(QueryContext& context, int round) { return 0; }
  virtual void finalize_task(QueryContext& context, int round, int64_t task) {}

 private:
  Schema schema_;
};

using PhysicalOperatorPtr = std::unique_ptr<PhysicalOperator>;

/// Returns nanoseconds on a monotonic clock.
int64_t now_nanoseconds();

}  // namespace lode::exec
