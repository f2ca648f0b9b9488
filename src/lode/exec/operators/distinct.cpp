// distinct / unique: rows are grouped on the subset columns by the hash
// aggregate's machinery; one row per group is kept (the first, the last,
// or, for keep="none", only groups of one row) in input order.

#include <algorithm>

#include "lode/exec/kernels/kernel.h"
#include "lode/exec/operators/materialized.h"

namespace lode::exec {

std::shared_ptr<Table> distinct_table(QueryContext& context, const std::shared_ptr<const Table>& table,
                                      const std::vector<std::string>& subset, const std::string& keep) {
  std::vector<plan::ExprPtr> keys;
  for (const auto& name : subset) keys.push_back(plan::bind_expr(plan::column(name), table->schema()));
  int64_t num_groups = 0;
  const std::vector<uint32_t> groups = group_rows(context, table, keys, num_groups);
  const int64_t n = static_cast<int64_t>(groups.size());
  std::vector<int64_t> chosen(num_groups, -1);
  std::vector<int64_t> counts(keep == "none" ? num_groups : 0, 0);
  for (int64_t row = 0; row < n; ++row) {
    const uint32_t group = groups[row];
    if (keep == "last" || chosen[group] < 0) chosen[group] = row;
    if (!counts.empty()) ++counts[group];
  }
  std::vector<int64_t> rows;
  rows.reserve(num_groups);
  for (int64_t group = 0; group < num_groups; ++group)
    if (chosen[group] >= 0 && (counts.empty() || counts[group] == 1)) rows.push_back(chosen[group]);
  std::sort(rows.begin(), rows.end());
  auto combined = table->combine_batches();
  std::vector<std::shared_ptr<Column>> columns;
  for (int i = 0; i < combined->num_columns(); ++i)
    columns.push_back(take(*combined->column(i), rows.data(), static_cast<int64_t>(rows.size())));
  std::vector<Batch> batches;
  batches.emplace_back(std::move(columns), static_cast<int64_t>(rows.size()));
  return std::make_shared<Table>(table->schema(), std::move(batches));
}

}  // namespace lode::exec
