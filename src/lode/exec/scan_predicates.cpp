#include "lode/exec/scan_predicates.h"

namespace lode::exec {

namespace {

bool comparison_op(const std::string& name, bool flipped, io::PredicateOp& op) {
  if (name == "equal") op = io::PredicateOp::kEqual;
  else if (name == "not_equal") op = io::PredicateOp::kNotEqual;
  else if (name == "less") op = flipped ? io::PredicateOp::kGreater : io::PredicateOp::kLess;
  else if (name == "less_equal") op = flipped ? io::PredicateOp::kGreaterEqual : io::PredicateOp::kLessEqual;
  else if (name == "greater") op = flipped ? io::PredicateOp::kLess : io::PredicateOp::kGreater;
  else if (name == "greater_equal") op = flipped ? io::PredicateOp::kLessEqual : io::PredicateOp::kGreaterEqual;
  else return false;
  return true;
}

bool is_column(const plan::ExprPtr& expr) { return expr->kind == plan::ExprKind::kColumn; }
bool is_constant(const plan::ExprPtr& expr) { return expr->kind == plan::ExprKind::kLiteral; }

}  // namespace

std::vector<io::ColumnPredicate> to_column_predicates(const plan::PlanNode& scan) {
  std::vector<io::ColumnPredicate> predicates;
  for (const auto& conjunct : scan.scan_filters) {
    if (conjunct->kind != plan::ExprKind::kCall) continue;
    const auto& args = conjunct->args;
    io::ColumnPredicate predicate;
    if ((conjunct->name == "is_null" || conjunct->name == "is_not_null") && is_column(args[0])) {
      predicate.column = scan.scan_columns[args[0]->column_index];
      predicate.op = conjunct->name == "is_null" ? io::PredicateOp::kIsNull : io::PredicateOp::kIsNotNull;
    } else if (conjunct->name == "is_in" && is_column(args[0])) {
      bool all_constant = true;
      for (size_t i = 1; i < args.size(); ++i) all_constant &= is_constant(args[i]);
      if (!all_constant) continue;
      predicate.column = scan.scan_columns[args[0]->column_index];
      predicate.op = io::PredicateOp::kIn;
      for (size_t i = 1; i < args.size(); ++i) predicate.values.push_back(args[i]->literal);
    } else if (args.size() == 2 && is_column(args[0]) && is_constant(args[1]) &&
               comparison_op(conjunct->name, false, predicate.op)) {
      predicate.column = scan.scan_columns[args[0]->column_index];
      predicate.values.push_back(args[1]->literal);
    } else if (args.size() == 2 && is_constant(args[0]) && is_column(args[1]) &&
               comparison_op(conjunct->name, true, predicate.op)) {
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
