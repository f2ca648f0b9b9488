#pragma once
// SQL's names for lode's functions and types: operators (+, ||, =, ...),
// scalar functions (length, substring, regexp_matches, ...), aggregates
// (count(*), avg, stddev_pop, count(DISTINCT x), ...) and type names
// (INTEGER, DOUBLE, VARCHAR, DECIMAL(p, s), ...), each mapped onto the
// plan's function catalogue; names SQL does not rename pass through to the
// catalogue as they are.

#include <string>
#include <vector>

#include "lode/core/data_type.h"
#include "lode/plan/expression.h"

namespace lode::sql {

/// Returns the plan expression of a binary operator as the parser spells
/// it ("+", "=", "<>", "AND", "||", ...).
plan::ExprPtr binary_operator(const std::string& op, plan::ExprPtr left, plan::ExprPtr right);

/// Returns the call of SQL function `name` (any case) on `args`: star for
/// count(*), distinct for f(DISTINCT x). Throws InvalidInputError for an
/// unknown function (with "did you mean") or a wrong number of arguments,
/// NotSupportedError for a function lode does not have yet.
plan::ExprPtr call_function(const std::string& name, std::vector<plan::ExprPtr> args, bool star, bool distinct);

/// Returns the function of a window call `name(args) OVER (...)`: the
/// ranking and positional functions (row_number, rank, dense_rank, ntile,
/// percent_rank, cume_dist, lag, lead, first_value, last_value, nth_value)
/// and every aggregate. Their constant arguments (offsets, buckets) become
/// options.
plan::ExprPtr window_function(const std::string& name, std::vector<plan::ExprPtr> args, bool star, bool distinct);

/// Returns the function of EXTRACT(unit FROM x) and date_part('unit', x):
/// "year", "quarter", "epoch", ...; throws InvalidInputError listing the
/// units for one it does not know.
std::string date_part_function(const std::string& unit);

/// Returns the lode type of a SQL type name (upper case, with parameters:
/// "DECIMAL(15,2)"); throws InvalidInputError for an unknown one.
DataType sql_type(const std::string& name);

}  // namespace lode::sql
