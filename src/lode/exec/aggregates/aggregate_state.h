#pragma once
// The state of one aggregate over many groups, updated a batch at a time:
// update() adds rows whose group ids are given, merge() folds another
// state's groups into this one (combining thread-local states), finalize()
// produces one value per group; extract() and absorb() move partial states
// out as columns of state_types() and back (spilling, exchange, the GPU).
// A state is owned by one thread until merged. Holistic aggregates (median,
// quantile, n_unique) keep the values, a list per group, until finalize().

#include <cstdint>
#include <memory>
#include <vector>

#include "lode/core/batch.h"
#include "lode/core/column.h"
#include "lode/plan/expression.h"

namespace lode::exec {

class AggregateState {
 public:
  virtual ~AggregateState() = default;

  /// Makes room for groups [0, num_groups).
  virtual void resize(int64_t num_groups) = 0;
  /// Adds rows [0, num_rows) of `inputs` (cast to input_type()); row i
  /// belongs to group group_ids[i] and has input position first_position + i
  /// (positions order rows for first/last across parallel morsels).
  virtual void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* group_ids,
                      int64_t num_rows, int64_t first_position) = 0;
  /// Folds group source_groups[i] of `other` (same aggregate) into group target_groups[i].
  virtual void merge(AggregateState& other, const uint32_t* source_groups, const uint32_t* target_groups,
                     int64_t count) = 0;
  /// Returns the types of the columns that hold one group's intermediate
  /// state, one row per group (e.g. mean: float64 sum, int64 count).
  virtual std::vector<DataType> state_types() const = 0;
  /// Returns the state of groups groups[i], i < count, as columns of
  /// state_types(): row i holds group groups[i] (repeats allowed). Only
  /// reads; call it before this state is merged from or finalized, which
  /// may give its values away.
  virtual std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const = 0;
  /// Folds row i < count of `state_columns` (laid out as extract() returns
  /// them, from a state of the same aggregate) into group target_groups[i],
  /// as merge() does; resize() must already cover the targets.
  virtual void absorb(const std::vector<std::shared_ptr<Column>>& state_columns, const uint32_t* target_groups,
                      int64_t count) = 0;
  /// Returns the result for groups [0, num_groups).
  virtual std::shared_ptr<Column> finalize(int64_t num_groups) = 0;
  virtual int64_t memory_bytes() const = 0;
};

/// What an aggregate needs before update(): the types to cast its inputs to.
std::vector<DataType> aggregate_input_types(const plan::Expr& aggregate);

/// Evaluates an aggregate's inputs over a batch, cast to its input types.
std::vector<std::shared_ptr<Column>> aggregate_inputs(const plan::Expr& aggregate, const Batch& batch);

/// Makes the state of a bound aggregate expression (kind kAggregate).
std::unique_ptr<AggregateState> make_aggregate_state(const plan::Expr& aggregate);

}  // namespace lode::exec
