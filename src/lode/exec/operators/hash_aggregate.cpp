#include "lode/exec/operators/hash_aggregate.h"

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/memory_manager.h"
#include "lode/core/take.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/aggregates/aggregate_state.h"
#include "lode/exec/direct_key_map.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/group_table.h"
#include "lode/exec/query_context.h"
#include "lode/exec/spilling.h"

namespace lode::exec {

namespace {

// The aggregate call under an optional alias.
const plan::Expr& aggregate_call(const plan::Expr& expr) {
  return expr.kind == plan::ExprKind::kAlias ? aggregate_call(*expr.args[0]) : expr;
}

// Few groups merge fastest in one task; many in one task per partition.
constexpr int64_t kGroupsForParallelMerge = 100000;

// Whether `growth` more bytes would take the memory in use past 3/4 of the
// limit: a table spills there, keeping the rest for what spilling itself
// allocates (a partition's keys and states as columns) and for the scans
// and operators feeding it (15/16 left too little to read a row group of
// long strings under a small limit).
bool past_spill_threshold(const MemoryManager& memory, int64_t growth) {
  const int64_t limit = memory.limit_bytes();
  return memory.has_limit() && memory.used_bytes() + growth > limit - limit / 4;
}

}  // namespace

struct PhysicalHashAggregate::Local {
  Local(const std::vector<plan::ExprPtr>& keys, const std::vector<plan::ExprPtr>& aggregates,
        RadixPartitioning partitioning, MemoryManager& memory)
      : encoder(types_of(keys)),
        table(partitioning),
        reservation(memory, "group_by hash table") {
    for (const auto& expr : aggregates) states.push_back(make_aggregate_state(aggregate_call(*expr)));
  }
  KeyEncoder encoder;
  GroupTable table;
  DirectKeyMap direct_keys;
  std::vector<std::unique_ptr<AggregateState>> states;
  std::vector<uint32_t> group_ids;
  int64_t num_groups = 0;
  MemoryReservation reservation;
  std::mutex reservation_mutex;  // merge tasks release partitions at once
  // Groups written out while the table outgrew memory (spilling.h): by
  // partition, frames of their encoded keys and their states' columns.
  PartitionedSpill::Writer* spill = nullptr;
  int64_t spilled_groups = 0;

  // Frees what is only needed until a partition is merged.
  void release_partition(int partition) {
    const int64_t bytes = table.release_keys(partition);
    std::lock_guard lock(reservation_mutex);
    reservation.resize(reservation.size_bytes() - bytes);
  }
};

namespace {

// A pipeline's local sink state; combine() moves its contents to the operator.
template <typename Local>
struct LocalHolder final : OperatorState {
  std::unique_ptr<Local> local;
};

}  // namespace

PhysicalHashAggregate::PhysicalHashAggregate(Schema schema, std::vector<plan::ExprPtr> keys,
                                             std::vector<plan::ExprPtr> aggregates)
    : PhysicalOperator(std::move(schema)),
      keys_(std::move(keys)),
      aggregates_(std::move(aggregates)),
      partitioning_(keys_.empty() ? 0 : RadixPartitioning::kDefaultBits) {
  // first, last and str_join depend on the input's order: they get each row's position.
  using Id = plan::AggregateFunctionId;
  for (const auto& expr : aggregates_) {
    const Id id = aggregate_call(*expr).aggregate_function->id;
    needs_positions_ = needs_positions_ || id == Id::kFirst || id == Id::kLast || id == Id::kStrJoin;
  }
}

PhysicalHashAggregate::~PhysicalHashAggregate() = default;

std::string PhysicalHashAggregate::details() const {
  std::string text = "keys [";
  for (size_t i = 0; i < keys_.size(); ++i) text += (i ? ", " : "") + keys_[i]->to_string();
  text += "], aggregates [";
  for (size_t i = 0; i < aggregates_.size(); ++i) text += (i ? ", " : "") + aggregates_[i]->to_string();
  return text + "], " + std::to_string(partitioning_.count()) + " partitions";
}

std::unique_ptr<OperatorState> PhysicalHashAggregate::make_sink_state(QueryContext& context) {
  auto holder = std::make_unique<LocalHolder<Local>>();
  holder->local = std::make_unique<Local>(keys_, aggregates_, partitioning_, *context.memory);
  return holder;
}

SinkResult PhysicalHashAggregate::sink(QueryContext& context, OperatorState& state_base, Batch batch,
                                       const BatchOrder& order) {
  Local& state = *static_cast<LocalHolder<Local>&>(state_base).local;
  const int64_t n = batch.num_rows();
  state.group_ids.resize(n);
  if (keys_.empty()) {
    std::fill(state.group_ids.begin(), state.group_ids.end(), 0);
    state.num_groups = 1;
  } else {
    std::vector<std::shared_ptr<Column>> keys;
    for (const auto& key : keys_) keys.push_back(evaluate(*key, batch));
    find_or_insert_groups(keys, state.direct_keys, state.encoder, state.table, state.group_ids.data());
    state.num_groups = state.table.num_groups();
  }
  // Only first() and last() look at positions (which have limits).
  const int64_t first_position = needs_positions_ ? order.position() : 0;
  int64_t state_bytes = 0;
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    const std::vector<std::shared_ptr<Column>> inputs = aggregate_inputs(aggregate_call(*aggregates_[i]), batch);
    state.states[i]->resize(state.num_groups);
    state.states[i]->update(inputs, state.group_ids.data(), n, first_position);
    state_bytes += state.states[i]->memory_bytes();
  }
  const int64_t bytes = state.table.memory_bytes() + state_bytes;
  if (keys_.empty()) {
    state.reservation.resize(bytes);  // one group: nothing to spill
  } else if (force_spill() || past_spill_threshold(*context.memory, bytes - state.reservation.size_bytes())) {
    spill(state);
  } else {
    try {
      state.reservation.resize(bytes);
    } catch (const OutOfMemoryError&) {
      spill(state);
    }
  }
  return SinkResult::kNeedMoreInput;
}

// A worker's groups of one partition as spill() writes them: the encoded
// keys, then each aggregate's state columns.
Batch PhysicalHashAggregate::spilled_groups(Local& local, int partition) {
  std::vector<uint32_t> groups;
  ColumnBuilder keys(TypeId::kString);  // the encoded keys' bytes
  local.table.for_each_group(partition, [&](uint32_t group, std::string_view key) {
    groups.push_back(group);
    keys.append_string(key);
  });
  const auto n = static_cast<int64_t>(groups.size());
  if (n == 0) return Batch();
  std::vector<std::shared_ptr<Column>> columns{keys.finish()};
  for (const auto& state : local.states)
    for (auto& column : state->extract(groups.data(), n)) columns.push_back(std::move(column));
  return Batch(std::move(columns), n);
}

void PhysicalHashAggregate::spill(Local& local) {
  if (!local.spill) local.spill = &spilled_.new_writer();
  for (int p = 0; p < partitioning_.count(); ++p) {
    Batch groups = spilled_groups(local, p);
    if (groups.num_rows() > 0) local.spill->write(p, groups);
  }
  local.spill->flush();
  local.spilled_groups += local.num_groups;
  // The worker starts again with an empty table.
  local.table = GroupTable(partitioning_);
  local.direct_keys = DirectKeyMap();
  for (size_t i = 0; i < local.states.size(); ++i) local.states[i] = make_aggregate_state(aggregate_call(*aggregates_[i]));
  local.num_groups = 0;
  local.reservation.resize(0);
}

void PhysicalHashAggregate::combine(QueryContext&, OperatorState& state) {
  std::unique_ptr<Local> local = std::move(static_cast<LocalHolder<Local>&>(state).local);
  // A worker that spilled writes out the rest too, so that the merge starts
  // from an empty memory and holds one partition at a time.
  if (local->spill && local->num_groups > 0) spill(*local);
  // The merge reads the groups' records by partition; the slots are done.
  local->reservation.resize(local->reservation.size_bytes() - local->table.release_slots());
  std::lock_guard lock(mutex_);
  locals_.push_back(std::move(local));
}

int64_t PhysicalHashAggregate::finalize_round(QueryContext& context, int round) {
  if (round > 0) return 0;
  int64_t total_groups = 0;
  for (const auto& local : locals_) total_groups += local->num_groups + local->spilled_groups;
  task_partitions_.clear();
  if (total_groups < kGroupsForParallelMerge) {
    task_partitions_.emplace_back();
    for (int p = 0; p < partitioning_.count(); ++p) task_partitions_[0].push_back(p);
  } else {
    for (int p = 0; p < partitioning_.count(); ++p) task_partitions_.push_back({p});
  }
  // A global aggregate of no rows still has its one group.
  if (locals_.empty() && keys_.empty()) locals_.push_back(std::make_unique<Local>(keys_, aggregates_, RadixPartitioning(0), *context.memory));
  return 0;
}

SourceResult PhysicalHashAggregate::get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) {
  context.check_cancelled();
  const std::vector<int>& partitions = task_partitions_[task];
  if (partitions.size() == 1 && too_large_to_merge(context, spilled_, partitions[0], partitioning_)) {
    // The parts' groups go out in batches of some size (up to 100K groups
    // or a 64th of a thread's share of memory), not one per part.
    const int64_t most_bytes = context.memory->limit_bytes() / (64 * context.pool->num_threads());
    std::vector<Batch> pending;
    int64_t pending_rows = 0, pending_bytes = 0;
    const auto emit_pending = [&] {
      if (!pending.empty()) emit(pending.size() == 1 ? pending[0] : concatenate(std::move(pending)));
      pending.clear();
      pending_rows = pending_bytes = 0;
    };
    merge_repartitioned(context, spilled_, partitions[0], partitioning_, true, [&](Batch groups) {
      pending_rows += groups.num_rows();
      pending_bytes += groups.data_bytes();
      pending.push_back(std::move(groups));
      if (pending_rows >= kGroupsForParallelMerge || pending_bytes >= most_bytes) emit_pending();
      return true;
    });
    emit_pending();
    return SourceResult::kFinished;
  }
  emit(merge_partitions(partitions));
  return SourceResult::kFinished;
}

// Whether a spilled partition's groups are more than a thread's share of
// memory (their table and states would take as much again).
bool PhysicalHashAggregate::too_large_to_merge(QueryContext& context, const PartitionedSpill& spill, int partition,
                                               RadixPartitioning partitioning) const {
  if (keys_.empty() || !partitioning.has_deeper() || spill.num_rows(partition) == 0) return false;
  const MemoryManager& memory = *context.memory;
  return force_spill_at(partitioning.level + 1) ||
         (memory.has_limit() && spill.data_bytes(partition) > memory.limit_bytes() / (4 * context.pool->num_threads()));
}

// Merges a partition too large for memory a part at a time: its groups
// (on disk, and with `with_locals` the workers' in memory) are split by the
// next bits of the hash, and each part is merged, or split again while it
// is still too large and the split leaves its groups apart.
void PhysicalHashAggregate::merge_repartitioned(QueryContext& context, const PartitionedSpill& spill, int partition,
                                                RadixPartitioning partitioning, bool with_locals,
                                                const BatchEmitter& emit) {
  const RadixPartitioning deeper = partitioning.deeper();
  PartitionedSpill parts(deeper.count());
  PartitionedSpill::Writer& writer = parts.new_writer();
  const auto write_by_part = [&](const Batch& groups) {
    const Column& keys = *groups.column(0);
    std::vector<std::vector<int64_t>> rows(deeper.count());
    for (int64_t i = 0; i < groups.num_rows(); ++i) rows[deeper.of(KeyEncoder::hash_of(keys.string_at(i)))].push_back(i);
    for (int q = 0; q < deeper.count(); ++q)
      if (!rows[q].empty()) writer.write(q, take(groups, rows[q].data(), static_cast<int64_t>(rows[q].size())));
  };
  spill.for_each(partition, [&](Batch groups) { write_by_part(groups); });
  if (with_locals) {
    for (auto& local : locals_) {
      Batch groups = spilled_groups(*local, partition);
      if (groups.num_rows() > 0) write_by_part(groups);
      local->release_partition(partition);
    }
  }
  writer.flush();
  const int64_t total = spill.num_rows(partition);
  for (int q = 0; q < deeper.count(); ++q) {
    context.check_cancelled();
    const int64_t rows = parts.num_rows(q);
    if (rows == 0) continue;
    if (rows < total && too_large_to_merge(context, parts, q, deeper)) {
      merge_repartitioned(context, parts, q, deeper, false, emit);
      continue;
    }
    GroupTable table;
    table.reserve(rows);
    std::vector<std::unique_ptr<AggregateState>> states;
    for (const auto& expr : aggregates_) states.push_back(make_aggregate_state(aggregate_call(*expr)));
    parts.for_each(q, [&](Batch groups) { absorb_spilled(groups, table, states); });
    emit(finish_groups(table, states));
  }
}

void PhysicalHashAggregate::absorb_spilled(const Batch& spilled, GroupTable& table,
                                           std::vector<std::unique_ptr<AggregateState>>& states) {
  const Column& keys = *spilled.column(0);
  const int64_t n = spilled.num_rows();
  std::vector<uint32_t> targets(n);
  for (int64_t i = 0; i < n; ++i) {
    const std::string_view key = keys.string_at(i);
    targets[i] = table.find_or_insert(key, KeyEncoder::hash_of(key));
  }
  int next = 1;  // the states' columns follow the keys, as spill() wrote them
  for (auto& state : states) {
    const auto count = static_cast<int>(state->state_types().size());
    const std::vector<std::shared_ptr<Column>> columns(spilled.columns().begin() + next,
                                                       spilled.columns().begin() + next + count);
    next += count;
    state->resize(table.num_groups());
    state->absorb(columns, targets.data(), n);
  }
}

Batch PhysicalHashAggregate::merge_partitions(const std::vector<int>& partitions) {
  GroupTable table;
  int64_t incoming = 0;
  for (int p : partitions) {
    for (const auto& local : locals_) incoming += local->table.num_groups(p);
    incoming += spilled_.num_rows(p);
  }
  table.reserve(incoming);
  std::vector<std::unique_ptr<AggregateState>> states;
  for (const auto& expr : aggregates_) states.push_back(make_aggregate_state(aggregate_call(*expr)));
  std::vector<uint32_t> sources, targets;
  for (auto& local : locals_) {
    for (int p : partitions) {
      sources.clear();
      targets.clear();
      if (keys_.empty()) {
        // A global aggregate's one group is in no table.
        if (p == partitions[0] && local->num_groups > 0) {
          sources.push_back(0);
          targets.push_back(0);
        }
      } else {
        local->table.for_each_group(p, [&](uint32_t group, std::string_view key) {
          sources.push_back(group);
          targets.push_back(table.find_or_insert(key, KeyEncoder::hash_of(key)));
        });
      }
      const int64_t groups = keys_.empty() ? 1 : table.num_groups();
      for (size_t i = 0; i < states.size(); ++i) {
        states[i]->resize(groups);
        states[i]->merge(*local->states[i], sources.data(), targets.data(), static_cast<int64_t>(sources.size()));
      }
      local->release_partition(p);
    }
  }
  for (int p : partitions) spilled_.for_each(p, [&](Batch spilled) { absorb_spilled(spilled, table, states); });
  return finish_groups(table, states);
}

// The merged groups' keys and final aggregates.
Batch PhysicalHashAggregate::finish_groups(const GroupTable& table,
                                           std::vector<std::unique_ptr<AggregateState>>& states) const {
  const int64_t num_groups = keys_.empty() ? 1 : table.num_groups();
  if (keys_.empty())
    for (auto& state : states) state->resize(1);
  std::vector<std::shared_ptr<Column>> columns;
  if (!keys_.empty()) {
    std::vector<std::string_view> keys;
    keys.reserve(num_groups);
    for (uint32_t group = 0; group < num_groups; ++group) keys.push_back(table.key(group));
    columns = KeyEncoder::decode(types_of(keys_), keys);
  }
  for (auto& state : states) columns.push_back(state->finalize(num_groups));
  return Batch(std::move(columns), num_groups);
}

}  // namespace lode::exec
