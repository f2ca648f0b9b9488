#include "lode/exec/scan_predicates.h"

#include "lode/plan/function_catalog.h"

namespace lode::exec {

namespace {

using plan::ScalarFunctionId;

bool comparison_op(ScalarFunctionId function, bool flipped, io::PredicateOp& op) {
  switch (function) {
    case ScalarFunctionId::kEqual: op = io::PredicateOp::kEqual; return true;
    case ScalarFunctionId::kNotEqual: op = io::PredicateOp::kNotEqual; return true;
    case ScalarFunctionId::kLess: op = flipped ? io::PredicateOp::kGreater : io::PredicateOp::kLess; return true;
    case ScalarFunctionId::kLessEqual:
      op = flipped ? io::PredicateOp::kGreaterEqual : io::PredicateOp::kLessEqual;
      return true;
    case ScalarFunctionId::kGreater: op = flipped ? io::PredicateOp::kLess : io::PredicateOp::kGreater; return true;
    case ScalarFunctionId::kGreaterEqual:
      op = flipped ? io::PredicateOp::kLessEqual : io::PredicateOp::kGreaterEqual;
      return true;
    default: return false;
  }
}

bool is_column(const plan::ExprPtr& expr) { return expr->kind == plan::ExprKind::kColumn; }
bool is_constant(const plan::ExprPtr& expr) { return expr->kind == plan::ExprKind::kLiteral; }

}  // namespace

std::vector<io::ColumnPredicate> to_column_predicates(const plan::PlanNode& scan) {
  std::vector<io::ColumnPredicate> predicates;
  for (const auto& conjunct : scan.scan_filters) {
    if (conjunct->kind != plan::ExprKind::kCall || conjunct->function == nullptr) continue;
    const ScalarFunctionId function = conjunct->function->id;
    const auto& args = conjunct->args;
    io::ColumnPredicate predicate;
    const bool null_test = function == ScalarFunctionId::kIsNull || function == ScalarFunctionId::kIsNotNull;
    if (null_test && is_column(args[0])) {
      predicate.column = scan.scan_columns[args[0]->column_index];
      predicate.op = function == ScalarFunctionId::kIsNull ? io::PredicateOp::kIsNull : io::PredicateOp::kIsNotNull;
    } else if (function == ScalarFunctionId::kIsIn && is_column(args[0])) {
      bool all_constant = true;
      for (size_t i = 1; i < args.size(); ++i) all_constant &= is_constant(args[i]);
      if (!all_constant) continue;
      predicate.column = scan.scan_columns[args[0]->column_index];
      predicate.op = io::PredicateOp::kIn;
      for (size_t i = 1; i < args.size(); ++i) predicate.values.push_back(args[i]->literal);
    } else if (args.size() == 2 && is_column(args[0]) && is_constant(args[1]) &&
               comparison_op(function, false, predicate.op)) {
      predicate.column = scan.scan_columns[args[0]->column_index];
      predicate.values.push_back(args[1]->literal);
    } else if (args.size() == 2 && is_constant(args[0]) && is_column(args[1]) &&
               comparison_op(function, true, predicate.op)) {
      predicate.column = scan.scan_columns[args[1]->column_index];
      predicate.values.push_back(args[0]->literal);
    } else {
      continue;
    }
    predicates.push_back(std::move(predicate));
  }
  return predicates;
}

}  // namespace lode::exec
