#include "lode/exec/operators/streaming.h"

#include "lode/exec/expression_evaluator.h"
#include "lode/core/bitmap.h"
#include "lode/core/take.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/kernels/scalar_functions.h"
#include "lode/plan/function_catalog.h"

namespace lode::exec {

namespace {

// Clears the bits of `keep` (one per row of `mask`) where `mask` is false or null.
void and_mask(std::vector<uint8_t>& keep, const Column& mask) {
  const int64_t n = mask.length();
  const uint8_t* values = mask.values_buffer()->data();
  const uint8_t* validity = mask.validity_bits();
  const int64_t offset = mask.offset();
  if (offset % 8 == 0) {
    const uint8_t* value_bytes = values + offset / 8;
    const uint8_t* valid_bytes = validity ? validity + offset / 8 : nullptr;
    for (int64_t byte = 0; byte < bitmap::num_bytes(n); ++byte)
      keep[byte] &= value_bytes[byte] & (valid_bytes ? valid_bytes[byte] : 0xFF);
    return;
  }
  for (int64_t row = 0; row < n; ++row)
    if (!mask.bool_at(row) || (validity && !mask.is_valid(row))) bitmap::clear(keep.data(), row);
}

// Returns the rows whose bit is set, a byte (eight rows) at a time.
std::vector<int32_t> set_rows(const std::vector<uint8_t>& keep, int64_t n) {
  std::vector<int32_t> rows;
  rows.reserve(static_cast<size_t>(bitmap::count_set(keep.data(), 0, n)));
  for (int64_t byte = 0; byte < bitmap::num_bytes(n); ++byte) {
    unsigned bits = keep[byte];
    while (bits) {
      const int64_t row = byte * 8 + __builtin_ctz(bits);
      if (row < n) rows.push_back(static_cast<int32_t>(row));
      bits &= bits - 1;
    }
  }
  return rows;
}

// All ones for `n` rows (the bits past `n` stay clear).
std::vector<uint8_t> all_rows(int64_t n) {
  std::vector<uint8_t> keep(static_cast<size_t>(bitmap::num_bytes(n)), 0xFF);
  if (n % 8) keep.back() = static_cast<uint8_t>((1u << (n % 8)) - 1);
  return keep;
}

Batch take_kept(const Batch& batch, const std::vector<uint8_t>& keep) {
  const int64_t n = batch.num_rows();
  const std::vector<int32_t> selected = set_rows(keep, n);
  if (static_cast<int64_t>(selected.size()) == n) return batch;
  std::vector<std::shared_ptr<Column>> columns;
  columns.reserve(batch.num_columns());
  for (const auto& column : batch.columns())
    columns.push_back(take(*column, selected.data(), static_cast<int64_t>(selected.size())));
  return Batch(std::move(columns), static_cast<int64_t>(selected.size()));
}

// True when evaluating `expr` cannot raise on any row: comparisons, boolean
// logic, null tests, IN lists and string matching of columns and constants,
// under casts that widen. Such a conjunct may see rows an earlier one has
// rejected; one that can raise (a division, a narrowing cast) must not.
bool cannot_raise(const plan::Expr& expr) {
  using plan::ExprKind;
  using plan::ScalarFunctionId;
  switch (expr.kind) {
    case ExprKind::kColumn: case ExprKind::kLiteral: return true;
    case ExprKind::kAlias: return cannot_raise(*expr.args[0]);
    case ExprKind::kCast: return cast_cannot_fail(expr.args[0]->type, expr.cast_type) && cannot_raise(*expr.args[0]);
    case ExprKind::kCall: break;
    default: return false;
  }
  switch (expr.function->id) {
    case ScalarFunctionId::kEqual: case ScalarFunctionId::kNotEqual: case ScalarFunctionId::kLess:
    case ScalarFunctionId::kLessEqual: case ScalarFunctionId::kGreater: case ScalarFunctionId::kGreaterEqual:
    case ScalarFunctionId::kAnd: case ScalarFunctionId::kOr: case ScalarFunctionId::kNot:
    case ScalarFunctionId::kIsNull: case ScalarFunctionId::kIsNotNull: case ScalarFunctionId::kIsIn:
    case ScalarFunctionId::kContains: case ScalarFunctionId::kContainsRegex: case ScalarFunctionId::kStartsWith:
    case ScalarFunctionId::kEndsWith: case ScalarFunctionId::kLike:
      break;
    default: return false;
  }
  for (const auto& arg : expr.args)
    if (!cannot_raise(*arg)) return false;
  return true;
}

}  // namespace

std::vector<ScanConjunct> scan_conjuncts(const std::vector<plan::ExprPtr>& conjuncts) {
  std::vector<ScanConjunct> result;
  for (const auto& conjunct : conjuncts) result.push_back({conjunct, !cannot_raise(*conjunct)});
  return result;
}

Batch select_columns(const Batch& batch, const std::vector<int>& positions) {
  if (positions.empty()) return batch;
  std::vector<std::shared_ptr<Column>> columns;
  columns.reserve(positions.size());
  for (int position : positions) columns.push_back(batch.column(position));
  return Batch(std::move(columns), batch.num_rows());
}

Batch filter_batch(const Batch& batch, const Column& mask) {
  std::vector<uint8_t> keep = all_rows(batch.num_rows());
  and_mask(keep, mask);
  return take_kept(batch, keep);
}

Batch filter_rows(const Batch& batch, const plan::Expr& predicate) {
  Datum mask = evaluate_datum(predicate, batch);
  if (mask.is_scalar()) {
    const bool keep = !mask.scalar->is_null && mask.scalar->boolean;
    return keep ? batch : batch.slice(0, 0);
  }
  return filter_batch(batch, *mask.column);
}

Batch filter_conjuncts(Batch batch, const std::vector<ScanConjunct>& conjuncts, const std::vector<int>& outputs) {
  std::vector<uint8_t> keep = all_rows(batch.num_rows());
  bool pending = false;  // `keep` has rows cleared that `batch` still holds
  for (const auto& [conjunct, may_raise] : conjuncts) {
    if (pending && may_raise) {
      batch = take_kept(batch, keep);
      keep = all_rows(batch.num_rows());
      pending = false;
    }
    Datum mask = evaluate_datum(*conjunct, batch);
    if (mask.is_scalar()) {
      if (mask.scalar->is_null || !mask.scalar->boolean) return select_columns(batch, outputs).slice(0, 0);
      continue;
    }
    and_mask(keep, *mask.column);
    const int64_t kept = bitmap::count_set(keep.data(), 0, batch.num_rows());
    if (kept == 0) return select_columns(batch, outputs).slice(0, 0);
    pending = kept < batch.num_rows();
    // Few rows left: compact now, so that later conjuncts see only those.
    if (pending && kept * 4 < batch.num_rows()) {
      batch = take_kept(batch, keep);
      keep = all_rows(batch.num_rows());
      pending = false;
    }
  }
  batch = select_columns(batch, outputs);
  return pending ? take_kept(batch, keep) : batch;
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
