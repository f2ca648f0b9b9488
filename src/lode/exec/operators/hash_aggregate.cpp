#include "lode/exec/operators/hash_aggregate.h"

#include <map>

#include "lode/core/error.h"
#include "lode/core/memory_manager.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/aggregates/aggregate_state.h"
#include "lode/exec/cancellation.h"
#include "lode/exec/direct_key_map.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/group_table.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

std::vector<DataType> key_types_of(const plan::PlanNode& node) {
  std::vector<DataType> types;
  for (const auto& key : node.keys) types.push_back(key->type);
  return types;
}

// The aggregate call under an optional alias.
const plan::Expr& aggregate_call(const plan::Expr& expr) {
  return expr.kind == plan::ExprKind::kAlias ? aggregate_call(*expr.args[0]) : expr;
}

}  // namespace

struct HashAggregateSink::Local {
  explicit Local(const plan::PlanNode& node)
      : encoder(key_types_of(node)), reservation(MemoryManager::global(), "group_by hash table") {
    for (const auto& expr : node.exprs) states.push_back(make_aggregate_state(aggregate_call(*expr)));
  }
  KeyEncoder encoder;
  GroupTable table;
  DirectKeyMap direct_keys;
  std::vector<std::unique_ptr<AggregateState>> states;
  std::vector<uint32_t> group_ids;
  int64_t num_groups = 0;
  // Per split this worker read: the local group of each row.
  std::map<int64_t, std::vector<uint32_t>> row_groups;
  MemoryReservation reservation;
};

HashAggregateSink::HashAggregateSink(const plan::PlanNode& node, int num_workers)
    : node_(node), locals_(num_workers) {}

HashAggregateSink::~HashAggregateSink() = default;

HashAggregateSink::Local& HashAggregateSink::local(int worker) {
  if (!locals_[worker]) locals_[worker] = std::make_unique<Local>(node_);
  return *locals_[worker];
}

void HashAggregateSink::consume(int worker, int64_t split, int64_t rows_before, Batch batch) {
  Local& state = local(worker);
  const int64_t n = batch.num_rows();
  state.group_ids.resize(n);
  if (node_.keys.empty()) {
    std::fill(state.group_ids.begin(), state.group_ids.end(), 0);
    state.num_groups = 1;
  } else {
    std::vector<std::shared_ptr<Column>> keys;
    for (const auto& key : node_.keys) keys.push_back(evaluate(*key, batch));
    const bool direct = DirectKeyMap::supports(keys) && state.direct_keys.map(keys, state.table, state.group_ids.data());
    if (!direct) {
      state.encoder.encode(keys, n);
      state.table.find_or_insert(state.encoder, n, state.group_ids.data());
    }
    state.num_groups = state.table.num_groups();
  }
  const int64_t first_position = (split << 32) + rows_before;
  int64_t state_bytes = 0;
  for (size_t i = 0; i < node_.exprs.size(); ++i) {
    const plan::Expr& call = aggregate_call(*node_.exprs[i]);
    const std::vector<DataType> input_types = aggregate_input_types(call);
    std::vector<std::shared_ptr<Column>> inputs;
    for (size_t arg = 0; arg < call.args.size(); ++arg) {
      auto input = evaluate(*call.args[arg], batch);
      if (input->type() != input_types[arg]) input = cast_column(*input, input_types[arg], true);
      inputs.push_back(std::move(input));
    }
    state.states[i]->resize(state.num_groups);
    state.states[i]->update(inputs, state.group_ids.data(), n, first_position);
    state_bytes += state.states[i]->memory_bytes();
  }
  if (keep_row_groups_) {
    auto& rows = state.row_groups[split];
    rows.insert(rows.end(), state.group_ids.begin(), state.group_ids.end());
  }
  state.reservation.resize(state.table.memory_bytes() + state_bytes);
}

Batch HashAggregateSink::finish_partition(int partition,
                                          const std::vector<std::vector<std::vector<uint32_t>>>& groups_by_partition,
                                          std::vector<std::vector<uint32_t>>& final_ids) {
  GroupTable table;
  int64_t incoming = 0;
  for (const auto& worker_groups : groups_by_partition)
    if (!worker_groups.empty()) incoming += static_cast<int64_t>(worker_groups[partition].size());
  table.reserve(incoming);
  std::vector<std::unique_ptr<AggregateState>> states;
  for (const auto& expr : node_.exprs) states.push_back(make_aggregate_state(aggregate_call(*expr)));
  std::vector<uint32_t> targets;
  for (size_t worker = 0; worker < locals_.size(); ++worker) {
    Local* local = locals_[worker].get();
    if (!local) continue;
    const std::vector<uint32_t>& sources = groups_by_partition[worker][partition];
    targets.resize(sources.size());
    for (size_t i = 0; i < sources.size(); ++i) {
      const uint32_t group = sources[i];
      targets[i] = node_.keys.empty() ? 0 : table.find_or_insert(local->table.key(group), local->table.hash(group));
      if (keep_row_groups_) final_ids[worker][group] = targets[i];
    }
    const int64_t groups = node_.keys.empty() ? 1 : table.num_groups();
    for (size_t i = 0; i < states.size(); ++i) {
      states[i]->resize(groups);
      states[i]->merge(*local->states[i], sources.data(), targets.data(), static_cast<int64_t>(sources.size()));
    }
  }
  int64_t num_groups = node_.keys.empty() ? 1 : table.num_groups();
  if (node_.keys.empty())
    for (auto& state : states) state->resize(1);
  std::vector<std::shared_ptr<Column>> columns;
  if (!node_.keys.empty()) {
    std::vector<std::string_view> keys;
    keys.reserve(num_groups);
    for (uint32_t group = 0; group < num_groups; ++group) keys.push_back(table.key(group));
    columns = KeyEncoder::decode(key_types_of(node_), keys);
  }
  for (auto& state : states) columns.push_back(state->finalize(num_groups));
  return Batch(std::move(columns), num_groups);
}

std::shared_ptr<Table> HashAggregateSink::finish() {
  int64_t total_groups = 0;
  for (const auto& local : locals_)
    if (local) total_groups += local->num_groups;
  // Few groups merge fastest in one partition; many in parallel partitions.
  const int radix_bits = (node_.keys.empty() || total_groups < 100000) ? 0 : 5;
  const int num_partitions = 1 << radix_bits;
  std::vector<std::vector<uint32_t>> final_ids(locals_.size());
  if (keep_row_groups_)
    for (size_t worker = 0; worker < locals_.size(); ++worker)
      if (locals_[worker]) final_ids[worker].resize(locals_[worker]->num_groups);
  // Each worker's groups by partition, once (a pass over its groups).
  std::vector<std::vector<std::vector<uint32_t>>> groups_by_partition(locals_.size());
  ThreadPool::global().parallel_for(static_cast<int64_t>(locals_.size()), [&](int64_t worker, int) {
    Local* local = locals_[worker].get();
    if (!local) return;
    auto& buckets = groups_by_partition[worker];
    buckets.resize(num_partitions);
    for (uint32_t group = 0; group < local->num_groups; ++group) {
      const int p = radix_bits == 0 ? 0 : static_cast<int>(local->table.hash(group) >> (64 - radix_bits));
      buckets[p].push_back(group);
    }
  });
  std::vector<Batch> partitions(num_partitions);
  ThreadPool::global().parallel_for(num_partitions, [&](int64_t partition, int) {
    check_cancelled();
    partitions[partition] = finish_partition(static_cast<int>(partition), groups_by_partition, final_ids);
  });
  if (keep_row_groups_) {
    // Final group ids count rows of the concatenated partitions.
    std::vector<uint32_t> partition_start(num_partitions + 1, 0);
    for (int p = 0; p < num_partitions; ++p) partition_start[p + 1] = partition_start[p] + partitions[p].num_rows();
    for (size_t worker = 0; worker < locals_.size(); ++worker) {
      Local* local = locals_[worker].get();
      if (!local) continue;
      for (uint32_t group = 0; group < local->num_groups; ++group) {
        const int p = radix_bits == 0 ? 0 : static_cast<int>(local->table.hash(group) >> (64 - radix_bits));
        final_ids[worker][group] += partition_start[p];
      }
      for (auto& [split, rows] : local->row_groups) {
        if (row_groups_.size() <= static_cast<size_t>(split)) row_groups_.resize(split + 1);
        for (uint32_t& group : rows) group = final_ids[worker][group];
        row_groups_[split] = std::move(rows);
      }
    }
  }
  std::vector<Batch> batches;
  for (auto& partition : partitions)
    if (partition.num_rows() > 0 || (batches.empty() && &partition == &partitions.back())) batches.push_back(std::move(partition));
  locals_.clear();
  return std::make_shared<Table>(node_.schema, std::move(batches));
}

}  // namespace lode::exec
