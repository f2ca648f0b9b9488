#include "lode/exec/expression_evaluator.h"

#include "lode/core/error.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

Datum evaluate_datum(const plan::Expr& expr, const Batch& batch) {
  LODE_CHECK(expr.bound, "evaluating an unbound expression");
  switch (expr.kind) {
    case plan::ExprKind::kColumn: return Datum{batch.column(expr.column_index), nullptr};
    case plan::ExprKind::kLiteral: return Datum{nullptr, std::make_shared<Scalar>(expr.literal)};
    case plan::ExprKind::kAlias: return evaluate_datum(*expr.args[0], batch);
    case plan::ExprKind::kCast: {
      Datum input = evaluate_datum(*expr.args[0], batch);
      auto column = as_column(input, input.is_scalar() ? 1 : batch.num_rows());
      try {
        auto cast = cast_column(*column, expr.cast_type, expr.strict);
        // A cast constant stays a constant.
        if (input.is_scalar()) return Datum{nullptr, std::make_shared<Scalar>(scalar_at(*cast, 0))};
        return Datum{cast, nullptr};
      } catch (Error& error) {
        ErrorContext context = error.context();
        context.expression = expr.to_string();
        throw InvalidInputError(error.message(), context);
      }
    }
    case plan::ExprKind::kCall: {
      LODE_CHECK(expr.function != nullptr, "a call without its catalogue entry: " + expr.to_string());
      const Kernel kernel = kernel_for(expr.function->id);
      KernelCall call{expr, {}, batch.num_rows()};
      call.args.reserve(expr.args.size());
      for (const auto& arg : expr.args) call.args.push_back(evaluate_datum(*arg, batch));
      return Datum{kernel(call), nullptr};
    }
    case plan::ExprKind::kAggregate:
    case plan::ExprKind::kWindow:
      break;
  }
  throw InternalError("expression " + expr.to_string() + " is not a scalar expression");
}

std::shared_ptr<Column> evaluate(const plan::Expr& expr, const Batch& batch) {
  return as_column(evaluate_datum(expr, batch), batch.num_rows());
}

std::vector<DataType> types_of(const std::vector<plan::ExprPtr>& exprs) {
  std::vector<DataType> types;
  for (const auto& expr : exprs) types.push_back(expr->type);
  return types;
}

}  // namespace lode::exec
