// Window expressions over the rows of one partition: f(...).over(partition_by).
// Rows come grouped on the partition keys (or group_rows() groups them);
// aggregates are computed per group by their aggregate states and
// broadcast back to the rows; ranking functions sort each group's rows by
// the ranked value.

#include <algorithm>
#include <numeric>

#include "lode/core/error.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/aggregates/aggregate_state.h"
#include "lode/exec/direct_key_map.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/group_table.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/operators/materialized.h"
#include "lode/exec/operators/sort_keys.h"
#include "lode/exec/query_context.h"
#include "lode/plan/function_catalog.h"

namespace lode::exec {

namespace {

// Sorts each group's run of `rows` by the keys. One fixed-width key without
// nulls (the common case) sorts (value, row) pairs laid out by group, which
// keeps the comparisons in cache; other keys compare through the table.
void sort_groups(QueryContext& context, const std::vector<NormalizedKey>& keys, const std::vector<int64_t>& starts,
                 std::vector<int64_t>& rows) {
  const int64_t num_groups = static_cast<int64_t>(starts.size()) - 1;
  const int64_t chunk = 4096;
  const bool simple = keys.size() == 1 && keys[0].kind == NormalizedKey::Kind::kFixed && !keys[0].has_nulls;
  std::vector<std::pair<uint64_t, int64_t>> items;
  if (simple) {
    items.resize(rows.size());
    const bool descending = keys[0].descending;
    for (size_t i = 0; i < rows.size(); ++i) {
      const uint64_t value = keys[0].fixed[rows[i]];
      items[i] = {descending ? ~value : value, rows[i]};
    }
  }
  context.pool->parallel_for((num_groups + chunk - 1) / chunk, [&](int64_t task, int) {
    const int64_t last = std::min(num_groups, (task + 1) * chunk);
    for (int64_t group = task * chunk; group < last; ++group) {
      if (simple) {
        std::sort(items.begin() + starts[group], items.begin() + starts[group + 1]);
        for (int64_t i = starts[group]; i < starts[group + 1]; ++i) rows[i] = items[i].second;
      } else {
        std::sort(rows.begin() + starts[group], rows.begin() + starts[group + 1],
                  [&keys](int64_t a, int64_t b) { return sorts_before(keys, a, b); });
      }
    }
  });
}

enum class RankMethod { kAverage, kOrdinal, kMin, kMax, kDense };

// The rank's tie method, read once (not compared per row).
RankMethod rank_method(const plan::Expr& function) {
  if (function.name == "row_number") return RankMethod::kOrdinal;
  const std::string& method = function.options.method;
  if (method == "average") return RankMethod::kAverage;
  if (method == "ordinal") return RankMethod::kOrdinal;
  if (method == "min") return RankMethod::kMin;
  if (method == "max") return RankMethod::kMax;
  if (method == "dense") return RankMethod::kDense;
  throw InvalidInputError("unknown rank method \"" + method + "\"");
}

std::shared_ptr<Column> rank_rows(QueryContext& context, const Batch& batch, const plan::Expr& window,
                                  const std::vector<uint32_t>& groups, int64_t num_groups) {
  const plan::Expr& function = *window.args[0];
  const int64_t n = batch.num_rows();
  // The order within a group: the ranked value, then the window's order_by.
  std::vector<plan::SortKey> sort_keys;
  if (!function.args.empty()) sort_keys.push_back({function.args[0], function.options.descending, true});
  for (size_t i = 0; i < window.order_by.size(); ++i)
    sort_keys.push_back({window.order_by[i], window.order_descending[i], window.order_nulls_last[i]});
  const OrderedRows ordered = order_rows(context, batch, sort_keys, groups, num_groups);
  const std::vector<int64_t>& starts = ordered.starts;
  const std::vector<int64_t>& rows = ordered.rows;

  const RankMethod method = rank_method(function);
  const bool average = method == RankMethod::kAverage;
  auto values = Buffer::allocate(n * 8);
  int64_t* ranks = values->data_as<int64_t>();
  double* averages = values->data_as<double>();
  for (int64_t group = 0; group < num_groups; ++group) {
    const int64_t begin = starts[group], end = starts[group + 1];
    int64_t dense = 0;
    for (int64_t i = begin; i < end;) {
      const int64_t tie_end = method == RankMethod::kOrdinal ? i + 1 : ordered.peers_end(i, end);
      ++dense;
      const int64_t first = i - begin + 1, last = tie_end - begin;
      for (int64_t j = i; j < tie_end; ++j) {
        const int64_t row = rows[j];
        switch (method) {
          case RankMethod::kAverage: averages[row] = (first + last) / 2.0; break;
          case RankMethod::kOrdinal: ranks[row] = j - begin + 1; break;
          case RankMethod::kMin: ranks[row] = first; break;
          case RankMethod::kMax: ranks[row] = last; break;
          case RankMethod::kDense: ranks[row] = dense; break;
        }
      }
      i = tie_end;
    }
  }
  return std::make_shared<Column>(average ? DataType(TypeId::kFloat64) : DataType(TypeId::kInt64), n, values);
}

}  // namespace

OrderedRows order_rows(QueryContext& context, const Batch& batch, const std::vector<plan::SortKey>& sort_keys,
                       const std::vector<uint32_t>& groups, int64_t num_groups) {
  OrderedRows ordered;
  for (const auto& key : sort_keys) ordered.keys.push_back(normalize_key(*evaluate(*key.expr, batch), key));
  // Each group's rows, contiguous and in input order (a counting sort), then
  // each group sorted by the keys, groups in parallel.
  const int64_t n = batch.num_rows();
  ordered.starts.assign(num_groups + 1, 0);
  for (uint32_t group : groups) ++ordered.starts[group + 1];
  for (int64_t group = 0; group < num_groups; ++group) ordered.starts[group + 1] += ordered.starts[group];
  ordered.rows.resize(n);
  std::vector<int64_t> next(ordered.starts.begin(), ordered.starts.end() - 1);
  for (int64_t row = 0; row < n; ++row) ordered.rows[next[groups[row]]++] = row;
  if (!ordered.keys.empty()) sort_groups(context, ordered.keys, ordered.starts, ordered.rows);
  return ordered;
}

int64_t OrderedRows::peers_end(int64_t p, int64_t end) const {
  int64_t last = p + 1;
  while (last < end && ties(rows[p], rows[last])) ++last;
  return last;
}

bool OrderedRows::ties(int64_t a, int64_t b) const {
  for (const auto& key : keys)
    if (compare_key(key, a, b) != 0) return false;
  return true;
}

PartitionRows group_rows(const Batch& batch, const std::vector<plan::ExprPtr>& keys) {
  const int64_t n = batch.num_rows();
  PartitionRows rows{batch, std::vector<uint32_t>(n, 0), n > 0 ? 1 : 0};
  if (keys.empty()) return rows;
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& key : keys) columns.push_back(evaluate(*key, batch));
  KeyEncoder encoder(types_of(keys));
  GroupTable table;
  DirectKeyMap direct;
  find_or_insert_groups(columns, direct, encoder, table, rows.groups.data());
  rows.num_groups = table.num_groups();
  return rows;
}

std::shared_ptr<Column> evaluate_window(QueryContext& context, const PartitionRows& partition, const plan::Expr& window) {
  const plan::Expr& function = *window.args[0];
  const Batch& rows = partition.batch;
  const std::vector<uint32_t>& groups = partition.groups;
  const int64_t num_groups = partition.num_groups;
  if (function.kind != plan::ExprKind::kAggregate)
    throw NotSupportedError("over() applies to aggregates and rankings, not to " + function.to_string());
  const plan::AggregateFunctionId id = function.aggregate_function->id;
  if (id == plan::AggregateFunctionId::kRowNumber || id == plan::AggregateFunctionId::kRank)
    return rank_rows(context, rows, window, groups, num_groups);
  if (function.aggregate_function->ranking || window.frame.specified)
    return evaluate_ordered_window(context, rows, window, groups, num_groups);
  auto state = make_aggregate_state(function);
  state->resize(num_groups);
  state->update(aggregate_inputs(function, rows), groups.data(), rows.num_rows(), 0);
  auto per_group = state->finalize(num_groups);
  return take(*per_group, reinterpret_cast<const int32_t*>(groups.data()), static_cast<int64_t>(groups.size()));
}

std::shared_ptr<Column> evaluate_window_top_k(const PartitionRows& partition, const plan::Expr& window, int64_t k) {
  const Batch& batch = partition.batch;
  const plan::Expr& function = *window.args[0];
  const bool ordinal = function.name == "row_number" || function.options.method == "ordinal";
  if (!ordinal || function.args.size() != 1 || !window.order_by.empty() || k < 0 || k > 64) return nullptr;
  NormalizedKey key = normalize_key(*evaluate(*function.args[0], batch), {function.args[0], function.options.descending, true});
  if (key.kind != NormalizedKey::Kind::kFixed || key.has_nulls) return nullptr;

  const std::vector<uint32_t>& groups = partition.groups;
  const int64_t num_groups = partition.num_groups;
  const int64_t n = batch.num_rows();
  // The k best (value, row) of each group, kept sorted; ties go to the
  // earlier row, as an ordinal rank orders them.
  using Entry = std::pair<uint64_t, int64_t>;
  std::vector<Entry> best(static_cast<size_t>(num_groups) * std::max<int64_t>(k, 1));
  std::vector<int32_t> counts(num_groups, 0);
  const bool descending = key.descending;
  for (int64_t row = 0; row < n && k > 0; ++row) {
    const uint32_t group = groups[row];
    Entry entry{descending ? ~key.fixed[row] : key.fixed[row], row};
    Entry* slots = best.data() + static_cast<size_t>(group) * k;
    int32_t& count = counts[group];
    if (count == k && !(entry < slots[k - 1])) continue;
    int64_t position = count < k ? count++ : k - 1;
    while (position > 0 && entry < slots[position - 1]) {
      slots[position] = slots[position - 1];
      --position;
    }
    slots[position] = entry;
  }
  std::vector<uint8_t> selected(n, 0);
  for (int64_t group = 0; group < num_groups; ++group)
    for (int32_t i = 0; i < counts[group]; ++i) selected[best[static_cast<size_t>(group) * k + i].second] = 1;
  return std::make_shared<Column>(TypeId::kBool, n, pack_bits(selected.data(), n));
}

}  // namespace lode::exec
