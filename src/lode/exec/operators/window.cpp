// Window expressions over a materialized table: f(...).over(partition_by).
// Rows are grouped on the partition keys by the hash aggregate; aggregates
// are computed per group in the same pass and broadcast back to the rows;
// ranking functions sort each group's rows by the ranked value.

#include <algorithm>
#include <numeric>

#include "lode/core/error.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/operators/hash_aggregate.h"
#include "lode/exec/operators/materialized.h"
#include "lode/io/memory_source.h"

namespace lode::exec {

namespace {

// Runs the hash aggregate over the table with `keys` and `aggregates`,
// returning the per-group result and each row's group.
std::shared_ptr<Table> aggregate_rows(const std::shared_ptr<const Table>& table, const std::vector<plan::ExprPtr>& keys,
                                      const std::vector<plan::ExprPtr>& aggregates, std::vector<uint32_t>& row_groups) {
  plan::PlanNode node;
  node.kind = plan::PlanKind::kAggregate;
  node.keys = keys;
  node.exprs = aggregates;
  std::vector<Field> fields;
  for (size_t i = 0; i < keys.size(); ++i) fields.push_back({"__key" + std::to_string(i), keys[i]->type});
  for (size_t i = 0; i < aggregates.size(); ++i) fields.push_back({"__agg" + std::to_string(i), aggregates[i]->type});
  node.schema = Schema(std::move(fields));
  io::MemorySource source(table);
  io::ScanRequest request;
  for (int i = 0; i < table->num_columns(); ++i) request.columns.push_back(i);
  HashAggregateSink sink(node, ThreadPool::global().num_threads());
  sink.keep_row_groups();
  auto result = run_pipeline(source, request, {}, sink);
  row_groups.clear();
  row_groups.reserve(table->num_rows());
  for (const auto& split : sink.row_groups()) row_groups.insert(row_groups.end(), split.begin(), split.end());
  if (keys.empty()) row_groups.assign(table->num_rows(), 0);
  return result;
}

std::shared_ptr<Column> rank_rows(const std::shared_ptr<const Table>& table, const plan::Expr& window,
                                  const std::vector<uint32_t>& groups) {
  const plan::Expr& function = *window.args[0];
  const int64_t n = table->num_rows();
  auto combined = table->combine_batches();
  const Batch batch = combined->batches().empty() ? Batch({}, 0) : combined->batches()[0];
  // The order within a group: the ranked value, then the window's order_by.
  plan::PlanNode sort_node;
  if (!function.args.empty()) sort_node.sort_keys.push_back({function.args[0], function.options.descending, true});
  for (size_t i = 0; i < window.order_by.size(); ++i)
    sort_node.sort_keys.push_back({window.order_by[i], window.order_descending[i], true});

  // Sort each group's rows by the order keys, via a sort of (group, keys).
  std::vector<std::shared_ptr<Column>> key_columns;
  for (const auto& key : sort_node.sort_keys) key_columns.push_back(evaluate(*key.expr, batch));
  std::vector<std::shared_ptr<Column>> sort_inputs;
  auto group_buffer = Buffer::allocate(n * 4);
  std::memcpy(group_buffer->data(), groups.data(), n * 4);
  sort_inputs.push_back(std::make_shared<Column>(TypeId::kUInt32, n, group_buffer));
  std::vector<Field> fields = {{"__group", TypeId::kUInt32}};
  for (size_t i = 0; i < key_columns.size(); ++i) {
    sort_inputs.push_back(key_columns[i]);
    fields.push_back({"__key" + std::to_string(i), key_columns[i]->type()});
  }
  auto position_buffer = Buffer::allocate(n * 8);
  std::iota(position_buffer->data_as<int64_t>(), position_buffer->data_as<int64_t>() + n, int64_t{0});
  sort_inputs.push_back(std::make_shared<Column>(TypeId::kInt64, n, position_buffer));
  fields.push_back({"__row", TypeId::kInt64});
  std::vector<Batch> batches;
  batches.emplace_back(sort_inputs, n);
  Table keys_table(Schema(fields), std::move(batches));
  plan::PlanNode order_node;
  order_node.sort_keys.push_back({plan::bind_expr(plan::column("__group"), keys_table.schema()), false, false});
  for (size_t i = 0; i < sort_node.sort_keys.size(); ++i)
    order_node.sort_keys.push_back({plan::bind_expr(plan::column("__key" + std::to_string(i)), keys_table.schema()),
                                    sort_node.sort_keys[i].descending, true});
  auto sorted = sort_table(keys_table, order_node);
  const Batch& sorted_batch = sorted->batches()[0];
  const int64_t* sorted_rows = sorted_batch.column(sorted_batch.num_columns() - 1)->values<int64_t>();
  const uint32_t* sorted_groups = sorted_batch.column(0)->values<uint32_t>();

  const std::string method = function.name == "row_number" ? "ordinal" : function.options.method;
  const bool average = method == "average";
  auto values = Buffer::allocate(n * 8);
  int64_t* ranks = values->data_as<int64_t>();
  double* averages = values->data_as<double>();
  // Rows tie when all order keys are equal.
  auto ties = [&](int64_t a, int64_t b) {
    for (const auto& column : key_columns) {
      if (column->is_null(a) != column->is_null(b)) return false;
      if (column->is_null(a)) continue;
      if (column->type().id == TypeId::kString) {
        if (column->string_at(a) != column->string_at(b)) return false;
      } else if (scalar_at(*column, a) != scalar_at(*column, b)) {
        return false;
      }
    }
    return true;
  };
  int64_t position = 0;
  while (position < n) {
    int64_t end = position;
    while (end < n && sorted_groups[end] == sorted_groups[position]) ++end;
    int64_t dense = 0;
    for (int64_t i = position; i < end;) {
      int64_t tie_end = i + 1;
      if (method != "ordinal")
        while (tie_end < end && ties(sorted_rows[i], sorted_rows[tie_end])) ++tie_end;
      ++dense;
      for (int64_t j = i; j < tie_end; ++j) {
        const int64_t within = j - position + 1, first = i - position + 1, last = tie_end - position;
        const int64_t row = sorted_rows[j];
        if (average) averages[row] = (first + last) / 2.0;
        else if (method == "ordinal") ranks[row] = within;
        else if (method == "min") ranks[row] = first;
        else if (method == "max") ranks[row] = last;
        else ranks[row] = dense;
      }
      i = tie_end;
    }
    position = end;
  }
  return std::make_shared<Column>(average ? DataType(TypeId::kFloat64) : DataType(TypeId::kInt64), n, values);
}

}  // namespace

std::vector<uint32_t> group_rows(const std::shared_ptr<const Table>& table, const std::vector<plan::ExprPtr>& keys,
                                 int64_t& num_groups) {
  std::vector<uint32_t> row_groups;
  auto result = aggregate_rows(table, keys, {}, row_groups);
  num_groups = keys.empty() ? (table->num_rows() > 0 ? 1 : 0) : result->num_rows();
  return row_groups;
}

std::shared_ptr<Column> evaluate_window(const std::shared_ptr<const Table>& table, const plan::Expr& window) {
  const plan::Expr& function = *window.args[0];
  if (function.kind == plan::ExprKind::kAggregate && (function.name == "row_number" || function.name == "rank")) {
    int64_t num_groups = 0;
    std::vector<uint32_t> groups = group_rows(table, window.partition_by, num_groups);
    return rank_rows(table, window, groups);
  }
  if (function.kind != plan::ExprKind::kAggregate)
    throw NotSupportedError("over() applies to aggregates and rankings, not to " + function.to_string());
  std::vector<uint32_t> groups;
  auto result = aggregate_rows(table, window.partition_by, {window.args[0]}, groups);
  auto per_group = result->column(result->num_columns() - 1);
  return take(*per_group, reinterpret_cast<const int32_t*>(groups.data()), static_cast<int64_t>(groups.size()));
}

}  // namespace lode::exec
