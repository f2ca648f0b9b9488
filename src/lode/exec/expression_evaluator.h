#pragma once
// Evaluates bound scalar expressions over a batch, column at a time, by
// calling the kernel of each function node (found by its function id, which
// bind_expr resolved: no lookup by name per batch). Aggregates and windows are not
// scalar: their operators evaluate only their inputs through here.
// Stateless; safe to call from many threads on different batches.

#include <memory>

#include "lode/core/batch.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/plan/expression.h"

namespace lode::exec {

/// Returns the expression's value over the batch (a scalar for constants).
Datum evaluate_datum(const plan::Expr& expr, const Batch& batch);

/// Returns the expression's value as a column of batch.num_rows() values.
std::shared_ptr<Column> evaluate(const plan::Expr& expr, const Batch& batch);

/// Returns the result types of bound expressions (key types for encoders).
std::vector<DataType> types_of(const std::vector<plan::ExprPtr>& exprs);

}  // namespace lode::exec
