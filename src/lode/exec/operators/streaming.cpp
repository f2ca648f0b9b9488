#include "lode/exec/operators/streaming.h"

#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

Batch filter_batch(const Batch& batch, const Column& mask) {
  const int64_t n = batch.num_rows();
  std::vector<int32_t> selected;
  selected.reserve(n);
  const bool has_nulls = mask.null_count() > 0;
  for (int64_t row = 0; row < n; ++row)
    if (mask.bool_at(row) && (!has_nulls || mask.is_valid(row))) selected.push_back(static_cast<int32_t>(row));
  if (static_cast<int64_t>(selected.size()) == n) return batch;
  std::vector<std::shared_ptr<Column>> columns;
  columns.reserve(batch.num_columns());
  for (const auto& column : batch.columns())
    columns.push_back(take(*column, selected.data(), static_cast<int64_t>(selected.size())));
  return Batch(std::move(columns), static_cast<int64_t>(selected.size()));
}

Batch filter_rows(const Batch& batch, const plan::Expr& predicate) {
  Datum mask = evaluate_datum(predicate, batch);
  if (mask.is_scalar()) {
    const bool keep = !mask.scalar->is_null && mask.scalar->boolean;
    return keep ? batch : batch.slice(0, 0);
  }
  return filter_batch(batch, *mask.column);
}

OperatorResult PhysicalFilter::execute(QueryContext&, OperatorState*, const Batch& input, Batch& output) {
  output = filter_rows(input, *predicate_);
  return OperatorResult::kNeedMoreInput;
}

std::string PhysicalProject::details() const {
  std::string text;
  for (const auto& expr : exprs_) text += (text.empty() ? "" : ", ") + expr->to_string();
  return text;
}

OperatorResult PhysicalProject::execute(QueryContext&, OperatorState*, const Batch& input, Batch& output) {
  std::vector<std::shared_ptr<Column>> columns;
  columns.reserve(exprs_.size());
  for (const auto& expr : exprs_) columns.push_back(evaluate(*expr, input));
  output = Batch(std::move(columns), input.num_rows());
  return OperatorResult::kNeedMoreInput;
}

}  // namespace lode::exec
