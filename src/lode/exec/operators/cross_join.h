#pragma once
// The cross join: a sink that gathers the right side (in order), then a
// streaming operator that pairs each left batch with every right row, left
// row major, in batches of at most kMaxOutputRows.

#include <vector>

#include "lode/exec/operators/hash_join.h"
#include "lode/exec/operators/ordered_batches.h"

namespace lode::exec {

class PhysicalCrossJoin final : public PhysicalOperator {
 public:
  static constexpr int64_t kMaxOutputRows = int64_t{1} << 17;

  /// children[0] is the left (streamed) side, children[1] the right (gathered) one.
  PhysicalCrossJoin(Schema schema, JoinOutput output) : PhysicalOperator(std::move(schema)), output_(std::move(output)) {}
  std::string name() const override { return "CROSS_JOIN"; }

  bool is_sink() const override { return true; }
  SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) override;
  int64_t finalize_round(QueryContext& context, int round) override;

  bool is_streaming() const override { return true; }
  std::unique_ptr<OperatorState> make_operator_state(QueryContext& context) override;
  OperatorResult execute(QueryContext& context, OperatorState* state, const Batch& input, Batch& output) override;

 private:
  JoinOutput output_;
  OrderedBatches gathered_;
  Batch right_;
};

}  // namespace lode::exec
