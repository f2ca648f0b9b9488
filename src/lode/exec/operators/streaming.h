#pragma once
// The stateless streaming operators of pipelines: filter (keeps the rows
// where the predicate is true; null counts as false) and project (computes
// columns), and the union, which only shapes pipelines (each input feeds the
// pipeline above it).

#include "lode/exec/physical/physical_operator.h"
#include "lode/plan/expression.h"

namespace lode::exec {

class PhysicalFilter final : public PhysicalOperator {
 public:
  PhysicalFilter(Schema schema, plan::ExprPtr predicate) : PhysicalOperator(std::move(schema)), predicate_(std::move(predicate)) {}
  std::string name() const override { return "FILTER"; }
  std::string details() const override { return predicate_->to_string(); }
  bool is_streaming() const override { return true; }
  OperatorResult execute(QueryContext& context, OperatorState* state, const Batch& input, Batch& output) override;

 private:
  plan::ExprPtr predicate_;
};

class PhysicalProject final : public PhysicalOperator {
 public:
  PhysicalProject(Schema schema, std::vector<plan::ExprPtr> exprs) : PhysicalOperator(std::move(schema)), exprs_(std::move(exprs)) {}
  std::string name() const override { return "PROJECT"; }
  std::string details() const override;
  bool is_streaming() const override { return true; }
  OperatorResult execute(QueryContext& context, OperatorState* state, const Batch& input, Batch& output) override;

 private:
  std::vector<plan::ExprPtr> exprs_;
};

class PhysicalUnion final : public PhysicalOperator {
 public:
  explicit PhysicalUnion(Schema schema) : PhysicalOperator(std::move(schema)) {}
  std::string name() const override { return "UNION"; }
};

/// Returns the rows of `batch` where `mask` is true and valid.
Batch filter_batch(const Batch& batch, const Column& mask);
/// Returns the rows of `batch` where `predicate` is true.
Batch filter_rows(const Batch& batch, const plan::Expr& predicate);
/// A scan's pushed conjunct, and whether evaluating it could raise on a row
/// an earlier conjunct rejected (a strict cast, a division): worked out
/// once per scan, not per batch.
struct ScanConjunct {
  plan::ExprPtr conjunct;
  bool may_raise = true;
};
std::vector<ScanConjunct> scan_conjuncts(const std::vector<plan::ExprPtr>& conjuncts);

/// Returns the columns at `positions` of `batch` (all of them for none).
Batch select_columns(const Batch& batch, const std::vector<int>& positions);
/// Returns the rows of `batch` where every conjunct is true, with the
/// columns at `outputs` (all for none). Conjuncts that cannot raise are
/// evaluated on the whole batch and their masks combined; the batch is
/// compacted once few rows are left, and before a conjunct that may raise;
/// the columns only the conjuncts read are dropped before the last
/// compaction.
Batch filter_conjuncts(Batch batch, const std::vector<ScanConjunct>& conjuncts, const std::vector<int>& outputs = {});

}  // namespace lode::exec
