#include "lode/exec/operators/cross_join.h"

#include "lode/core/table.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

namespace {

struct CrossState final : OperatorState {
  int64_t next = 0;  // the next output pair, left row * right rows + right row
};

}  // namespace

SinkResult PhysicalCrossJoin::sink(QueryContext&, OperatorState&, Batch batch, const BatchOrder& order) {
  gathered_.add(order, std::move(batch));
  return SinkResult::kNeedMoreInput;
}

int64_t PhysicalCrossJoin::finalize_round(QueryContext&, int round) {
  if (round > 0) return 0;
  auto table = Table(children[1]->schema(), gathered_.take_all()).combine_batches();
  if (!table->batches().empty()) {
    right_ = table->batches()[0];
    return 0;
  }
  std::vector<std::shared_ptr<Column>> columns;  // no right rows: empty columns of the right types
  for (const auto& field : children[1]->schema().fields()) columns.push_back(null_column(field.type, 0));
  right_ = Batch(std::move(columns), 0);
  return 0;
}

std::unique_ptr<OperatorState> PhysicalCrossJoin::make_operator_state(QueryContext&) {
  return std::make_unique<CrossState>();
}

OperatorResult PhysicalCrossJoin::execute(QueryContext&, OperatorState* state_base, const Batch& input, Batch& output) {
  CrossState& state = *static_cast<CrossState*>(state_base);
  const int64_t right_rows = right_.num_rows();
  const int64_t total = input.num_rows() * right_rows;
  const int64_t count = std::min(kMaxOutputRows, total - state.next);
  std::vector<int64_t> left_index(count), right_index(count);
  for (int64_t i = 0; i < count; ++i) {
    left_index[i] = (state.next + i) / right_rows;
    right_index[i] = (state.next + i) % right_rows;
  }
  std::vector<std::shared_ptr<Column>> columns;
  for (size_t i = 0; i < output_.columns.size(); ++i) {
    const bool left = output_.from_probe[i];
    columns.push_back(take(*(left ? input : right_).column(output_.columns[i]), (left ? left_index : right_index).data(), count));
  }
  output = Batch(std::move(columns), count);
  state.next += count;
  if (state.next < total) return OperatorResult::kHaveMoreOutput;
  state.next = 0;
  return OperatorResult::kNeedMoreInput;
}

}  // namespace lode::exec
