#include "lode/exec/operators/hash_join.h"

#include "lode/core/error.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/group_keys.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

namespace {

std::vector<DataType> types_of(const std::vector<plan::ExprPtr>& keys) {
  std::vector<DataType> types;
  for (const auto& key : keys) types.push_back(key->type);
  return types;
}

// Returns, per row, whether any key column is null.
std::vector<uint8_t> null_key_rows(const std::vector<std::shared_ptr<Column>>& keys, int64_t n) {
  std::vector<uint8_t> has_null(n, 0);
  for (const auto& key : keys)
    if (key->null_count() > 0)
      for (int64_t row = 0; row < n; ++row) has_null[row] |= key->is_null(row);
  return has_null;
}

}  // namespace

JoinHashTable::JoinHashTable(std::shared_ptr<const Table> build, const std::vector<plan::ExprPtr>& keys,
                             bool nulls_equal)
    : reservation_(MemoryManager::global(), "join hash table") {
  auto combined = build->combine_batches();
  batch_ = combined->batches().empty() ? Batch() : combined->batches()[0];
  const int64_t n = batch_.num_rows();
  std::vector<std::shared_ptr<Column>> key_columns;
  for (const auto& key : keys) key_columns.push_back(evaluate(*key, batch_));
  KeyEncoder encoder(types_of(keys));
  encoder.encode(key_columns, n);
  const std::vector<uint8_t> skip = nulls_equal ? std::vector<uint8_t>(n, 0) : null_key_rows(key_columns, n);

  radix_bits_ = n < 100000 ? 0 : 5;
  const int num_partitions = 1 << radix_bits_;
  // Rows by partition, in input order (a counting sort on the hash's top bits).
  std::vector<int64_t> starts(num_partitions + 1, 0);
  auto partition_of = [&](int64_t row) { return radix_bits_ ? static_cast<int>(encoder.hash(row) >> (64 - radix_bits_)) : 0; };
  for (int64_t row = 0; row < n; ++row)
    if (!skip[row]) ++starts[partition_of(row) + 1];
  for (int p = 0; p < num_partitions; ++p) starts[p + 1] += starts[p];
  std::vector<int64_t> by_partition(starts[num_partitions]), next(starts.begin(), starts.end() - 1);
  for (int64_t row = 0; row < n; ++row)
    if (!skip[row]) by_partition[next[partition_of(row)]++] = row;

  partitions_.resize(num_partitions);
  ThreadPool::global().parallel_for(num_partitions, [&](int64_t p, int) {
    Partition& partition = partitions_[p];
    const int64_t begin = starts[p], end = starts[p + 1];
    std::vector<uint32_t> groups(end - begin);
    for (int64_t i = begin; i < end; ++i)
      groups[i - begin] = partition.table.find_or_insert(encoder.key(by_partition[i]), encoder.hash(by_partition[i]));
    const int64_t num_groups = partition.table.num_groups();
    partition.starts.assign(num_groups + 1, 0);
    for (uint32_t group : groups) ++partition.starts[group + 1];
    for (int64_t group = 0; group < num_groups; ++group) partition.starts[group + 1] += partition.starts[group];
    partition.rows.resize(groups.size());
    std::vector<int64_t> position(partition.starts.begin(), partition.starts.end() - 1);
    for (int64_t i = begin; i < end; ++i) partition.rows[position[groups[i - begin]]++] = by_partition[i];
  });
  int64_t bytes = 0;
  for (const auto& partition : partitions_)
    bytes += partition.table.memory_bytes() + static_cast<int64_t>((partition.starts.capacity() + partition.rows.capacity()) * 8);
  reservation_.resize(bytes);
}

JoinHashTable::Range JoinHashTable::find(std::string_view key, uint64_t hash) const {
  const Partition& partition = partitions_[radix_bits_ ? hash >> (64 - radix_bits_) : 0];
  const int64_t group = partition.table.find(key, hash);
  if (group < 0) return {};
  return {partition.rows.data() + partition.starts[group], partition.rows.data() + partition.starts[group + 1]};
}

JoinProbeOperator::JoinProbeOperator(const plan::PlanNode& node, std::shared_ptr<const JoinHashTable> table,
                                     bool probe_is_left)
    : node_(node), table_(std::move(table)), probe_is_left_(probe_is_left), matched_(table_->num_rows()) {}

Batch JoinProbeOperator::execute(const Batch& batch) const {
  const int64_t n = batch.num_rows();
  const auto& probe_keys = probe_is_left_ ? node_.left_keys : node_.right_keys;
  std::vector<std::shared_ptr<Column>> key_columns;
  for (const auto& key : probe_keys) key_columns.push_back(evaluate(*key, batch));
  KeyEncoder encoder(types_of(probe_keys));
  encoder.encode(key_columns, n);
  const std::vector<uint8_t> skip = node_.nulls_equal ? std::vector<uint8_t>(n, 0) : null_key_rows(key_columns, n);

  const std::string& how = node_.how;
  const bool keep_unmatched_probe = how == "full" || (probe_is_left_ ? how == "left" : how == "right");
  const bool mark_build = how == "full" || (probe_is_left_ ? how == "right" : how == "left");
  std::vector<int64_t> probe_rows, build_rows;
  probe_rows.reserve(n);
  build_rows.reserve(n);
  constexpr int64_t kPrefetchDistance = 16;  // rows ahead: hides the cache misses of a large table
  for (int64_t row = 0; row < n; ++row) {
    if (row + kPrefetchDistance < n) table_->prefetch(encoder.hash(row + kPrefetchDistance));
    JoinHashTable::Range matches = skip[row] ? JoinHashTable::Range{} : table_->find(encoder.key(row), encoder.hash(row));
    const bool found = matches.begin != matches.end;
    if (how == "semi" || how == "anti") {
      if (found == (how == "semi")) {
        probe_rows.push_back(row);
        build_rows.push_back(-1);
      }
      continue;
    }
    for (const int64_t* match = matches.begin; match != matches.end; ++match) {
      probe_rows.push_back(row);
      build_rows.push_back(*match);
      if (mark_build) matched_[*match].store(1, std::memory_order_relaxed);
    }
    if (!found && keep_unmatched_probe) {
      probe_rows.push_back(row);
      build_rows.push_back(-1);
    }
  }
  const int64_t count = static_cast<int64_t>(probe_rows.size());
  std::vector<std::shared_ptr<Column>> columns;
  const int probe_side = probe_is_left_ ? 0 : 1;
  for (size_t i = 0; i < node_.join_sides.size(); ++i) {
    const int column = node_.join_columns[i];
    if (node_.join_sides[i] == probe_side) columns.push_back(take(*batch.column(column), probe_rows.data(), count));
    else columns.push_back(take(*table_->rows().column(column), build_rows.data(), count));
  }
  return Batch(std::move(columns), count);
}

Batch JoinProbeOperator::unmatched_build_rows() const {
  std::vector<int64_t> rows;
  for (int64_t row = 0; row < table_->num_rows(); ++row)
    if (!matched_[row].load(std::memory_order_relaxed)) rows.push_back(row);
  const int64_t count = static_cast<int64_t>(rows.size());
  std::vector<int64_t> none(count, -1);
  std::vector<std::shared_ptr<Column>> columns;
  const int build_side = probe_is_left_ ? 1 : 0;
  for (size_t i = 0; i < node_.join_sides.size(); ++i) {
    if (node_.join_sides[i] == build_side) {
      columns.push_back(take(*table_->rows().column(node_.join_columns[i]), rows.data(), count));
    } else {
      columns.push_back(null_column(node_.schema.field(static_cast<int>(i)).type, count));
    }
  }
  return Batch(std::move(columns), count);
}

std::shared_ptr<Table> cross_join(const plan::PlanNode& node, const Table& left_table, const Table& right_table) {
  auto left = left_table.combine_batches();
  auto right = right_table.combine_batches();
  const int64_t left_rows = left->num_rows(), right_rows = right->num_rows();
  const int64_t count = left_rows * right_rows;
  std::vector<int64_t> left_index(count), right_index(count);
  for (int64_t i = 0; i < left_rows; ++i)
    for (int64_t j = 0; j < right_rows; ++j) {
      left_index[i * right_rows + j] = i;
      right_index[i * right_rows + j] = j;
    }
  std::vector<std::shared_ptr<Column>> columns;
  for (size_t i = 0; i < node.join_sides.size(); ++i) {
    const Table& side = node.join_sides[i] == 0 ? *left : *right;
    columns.push_back(take(*side.column(node.join_columns[i]), (node.join_sides[i] == 0 ? left_index : right_index).data(),
                           count));
  }
  std::vector<Batch> batches;
  batches.emplace_back(std::move(columns), count);
  return std::make_shared<Table>(node.schema, std::move(batches));
}

}  // namespace lode::exec
