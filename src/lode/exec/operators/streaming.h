#pragma once
// The streaming operators of pipelines: filter (keeps the rows where the
// predicate is true; null counts as false) and project (computes columns).

#include "lode/exec/pipeline.h"
#include "lode/plan/expression.h"

namespace lode::exec {

class FilterOperator final : public Operator {
 public:
  explicit FilterOperator(plan::ExprPtr predicate) : predicate_(std::move(predicate)) {}
  Batch execute(const Batch& batch) const override;

 private:
  plan::ExprPtr predicate_;
};

class ProjectOperator final : public Operator {
 public:
  explicit ProjectOperator(std::vector<plan::ExprPtr> exprs) : exprs_(std::move(exprs)) {}
  Batch execute(const Batch& batch) const override;

 private:
  std::vector<plan::ExprPtr> exprs_;
};

/// Returns the rows of `batch` where `mask` is true and valid.
Batch filter_batch(const Batch& batch, const Column& mask);

}  // namespace lode::exec
