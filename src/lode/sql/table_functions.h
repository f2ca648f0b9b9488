#pragma once
// The tables SQL reads from files: a quoted path in FROM ('x.parquet',
// 'data/*.csv', chosen by extension) and the table functions
// read_parquet(path, hive_partitioning=) and read_csv(path, header=,
// delim=|sep=, skip=) that name their reader. Each opens its files at bind
// time, as scan_parquet/scan_csv do, and returns a lazy scan plan.

#include <string>
#include <vector>

#include "lode/core/scalar.h"
#include "lode/plan/logical_plan.h"

namespace lode::sql {

/// A table function's argument: positional (empty name) or name=value.
struct TableArgument {
  std::string name;
  Scalar value;
};

/// Returns a scan of the files `path` names, by its extension (.parquet,
/// .csv, .tsv, .txt, compressed .gz/.zst); throws InvalidInputError for
/// another extension, IOError for files that are not there.
plan::PlanPtr scan_file(const std::string& path);

/// Returns true if `name` is a table function (read_parquet, read_csv, ...).
bool is_table_function(const std::string& name);

/// Runs the table function `name` on constant arguments; throws
/// InvalidInputError for a wrong or unknown argument (with a suggestion).
plan::PlanPtr call_table_function(const std::string& name, const std::vector<TableArgument>& arguments);

}  // namespace lode::sql
