// distinct / unique over one partition: rows come grouped on the subset
// columns; one row per group is kept (the first, the last, or, for
// keep="none", only groups of one row) in input order.

#include <algorithm>

#include "lode/exec/operators/materialized.h"

namespace lode::exec {

std::vector<int64_t> distinct_rows(const PartitionRows& rows, const std::string& keep) {
  const int64_t n = static_cast<int64_t>(rows.groups.size());
  const bool last = keep == "last";
  std::vector<int64_t> chosen(rows.num_groups, -1);
  std::vector<int64_t> counts(keep == "none" ? rows.num_groups : 0, 0);
  for (int64_t row = 0; row < n; ++row) {
    const uint32_t group = rows.groups[row];
    if (last || chosen[group] < 0) chosen[group] = row;
    if (!counts.empty()) ++counts[group];
  }
  std::vector<int64_t> kept;
  kept.reserve(rows.num_groups);
  for (int64_t group = 0; group < rows.num_groups; ++group)
    if (chosen[group] >= 0 && (counts.empty() || counts[group] == 1)) kept.push_back(chosen[group]);
  std::sort(kept.begin(), kept.end());
  return kept;
}

}  // namespace lode::exec
