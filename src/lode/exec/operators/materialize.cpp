#include "lode/exec/operators/materialize.h"

#include <algorithm>

#include "lode/core/error.h"
#include "lode/core/memory_manager.h"
#include "lode/core/take.h"
#include "lode/exec/direct_key_map.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/group_keys.h"
#include "lode/exec/operators/sort_runs.h"
#include "lode/exec/query_context.h"
#include "lode/exec/scheduler/pipeline_executor.h"
#include "lode/exec/spilling.h"
#include "lode/core/thread_pool.h"

namespace lode::exec {

namespace {

void collect_column_indices(const plan::Expr& expr, std::vector<int>& indices) {
  if (expr.kind == plan::ExprKind::kColumn) indices.push_back(expr.column_index);
  for (const auto* children : {&expr.args, &expr.partition_by, &expr.order_by})
    for (const auto& child : *children) collect_column_indices(*child, indices);
}

// Returns `rows` (whose last column holds their positions) in position order.
Batch in_position_order(Batch rows) {
  const int64_t n = rows.num_rows();
  const int64_t* positions = rows.columns().back()->values<int64_t>();
  if (std::is_sorted(positions, positions + n)) return rows;
  std::vector<int64_t> order(n);
  for (int64_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [positions](int64_t a, int64_t b) { return positions[a] < positions[b]; });
  return take(rows, order.data(), n);
}

}  // namespace

// One input batch, kept as it came.
struct PhysicalMaterialize::Input {
  Batch batch;
  BatchOrder order;
  size_t worker;                         // whose groups `groups` names
  std::vector<uint32_t> rows;            // its row numbers by partition, ascending within each
  std::vector<uint32_t> groups;          // the worker's group of each of `rows`
  std::vector<std::shared_ptr<Column>> reads;  // per input column the computation reads, its values in `rows` order
  std::vector<uint32_t> partition_ends;  // per partition, the end of its rows in `rows`
  std::vector<int64_t> first_result;     // per partition, its first row's number within the partition (finalize)

  uint32_t begin(int partition) const { return partition == 0 ? 0 : partition_ends[partition - 1]; }
};

// One thread's groups of the keys; its reservation accounts them and the
// row numbers and groups of its inputs (their columns are buffers, accounted).
struct PhysicalMaterialize::Worker {
  Worker(RadixPartitioning partitioning, MemoryManager& memory)
      : table(partitioning), reservation(memory, "distinct or window state") {}
  GroupTable table;
  MemoryReservation reservation;
  int64_t input_bytes = 0;
  std::vector<uint8_t> group_partition;
  std::vector<uint32_t> final_group;                     // group -> dense id within its partition (finalize)
};

struct PhysicalMaterialize::Local final : OperatorState {
  Local(std::vector<DataType> key_types, RadixPartitioning partitioning, MemoryManager& memory)
      : encoder(std::move(key_types)), worker(std::make_unique<Worker>(partitioning, memory)) {}
  KeyEncoder encoder;
  DirectKeyMap direct_keys;
  std::unique_ptr<Worker> worker;
  std::vector<Input> inputs;
  std::vector<InputInfo> infos;
  PartitionedSpill::Writer* writer = nullptr;  // once spilling
};

PhysicalMaterialize::PhysicalMaterialize(Schema schema, std::string name, std::string details,
                                         std::vector<plan::ExprPtr> keys, const std::vector<plan::ExprPtr>& reads,
                                         Compute compute)
    : PhysicalOperator(std::move(schema)),
      name_(std::move(name)),
      details_(std::move(details)),
      keys_(std::move(keys)),
      partitioning_(keys_.empty() ? 0 : RadixPartitioning::kDefaultBits),
      compute_(std::move(compute)) {
  LODE_CHECK(partitioning_.count() <= 256, "too many partitions for a uint8 partition number");
  std::vector<int> columns;
  for (const auto& expr : reads) collect_column_indices(*expr, columns);
  for (int column : columns) {
    if (column >= static_cast<int>(reads_column_.size())) reads_column_.resize(column + 1, false);
    reads_column_[column] = true;
  }
}

PhysicalMaterialize::~PhysicalMaterialize() = default;

std::string PhysicalMaterialize::details() const {
  return details_ + (details_.empty() ? "" : ", ") + "partitions " + std::to_string(partitioning_.count());
}

std::unique_ptr<OperatorState> PhysicalMaterialize::make_sink_state(QueryContext& context) {
  return std::make_unique<Local>(types_of(keys_), partitioning_, *context.memory);
}

SinkResult PhysicalMaterialize::sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) {
  Local& local = static_cast<Local&>(state);
  const int64_t n = batch.num_rows();
  if (n == 0) return SinkResult::kNeedMoreInput;
  local.infos.push_back({order, batch.data_bytes()});
  if (should_spill(context)) {
    if (!local.writer) start_spilling(context, local);
    spill_input(context, *local.writer, batch, order);
    return SinkResult::kNeedMoreInput;
  }
  Worker& worker = *local.worker;
  const int count = partitioning_.count();
  Input input{std::move(batch), order, 0, std::vector<uint32_t>(n), std::vector<uint32_t>(n, 0), {},
              std::vector<uint32_t>(count, 0), {}};
  std::vector<uint32_t> groups(n, 0);
  if (!keys_.empty()) {
    std::vector<std::shared_ptr<Column>> keys;
    for (const auto& key : keys_) keys.push_back(evaluate(*key, input.batch));
    const int64_t groups_before = worker.table.num_groups();
    find_or_insert_groups(keys, local.direct_keys, local.encoder, worker.table, groups.data());
    // The partition of each new group, for the rows' counting sort.
    for (int64_t group = groups_before; group < worker.table.num_groups(); ++group)
      worker.group_partition.push_back(static_cast<uint8_t>(partitioning_.of(worker.table.hash(static_cast<uint32_t>(group)))));
  }
  // A counting sort of the rows by partition.
  const auto partition_of = [&](int64_t row) { return keys_.empty() ? 0 : worker.group_partition[groups[row]]; };
  for (int64_t row = 0; row < n; ++row) ++input.partition_ends[partition_of(row)];
  for (int p = 1; p < count; ++p) input.partition_ends[p] += input.partition_ends[p - 1];
  std::vector<uint32_t> next(count);
  for (int p = 0; p < count; ++p) next[p] = input.begin(p);
  for (int64_t row = 0; row < n; ++row) {
    const uint32_t i = next[partition_of(row)]++;
    input.rows[i] = static_cast<uint32_t>(row);
    input.groups[i] = groups[row];
  }
  // The columns the computation reads, in partition order: one pass over
  // the batch while it is in cache (a partition task then reads its slices).
  const bool in_order = input.partition_ends[partition_of(0)] - input.begin(partition_of(0)) == n;
  input.reads.resize(reads_column_.size());
  for (size_t c = 0; c < reads_column_.size(); ++c) {
    if (!reads_column_[c]) continue;
    const auto& column = input.batch.column(static_cast<int>(c));
    input.reads[c] = in_order ? column : take(*column, reinterpret_cast<const int32_t*>(input.rows.data()), n);
  }
  local.inputs.push_back(std::move(input));
  worker.input_bytes += n * 8 + count * 4;
  const int64_t state_bytes = worker.table.memory_bytes() + worker.input_bytes +
                              static_cast<int64_t>(worker.group_partition.size());
  if (should_spill(context, state_bytes - worker.reservation.size_bytes())) {
    start_spilling(context, local);  // `worker` is gone
    return SinkResult::kNeedMoreInput;
  }
  try {
    worker.reservation.resize(state_bytes);
  } catch (const OutOfMemoryError&) {
    if (keys_.empty()) throw;
    spilling_.store(true);  // a soft failure: what the worker holds goes to disk instead
    start_spilling(context, local);
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalMaterialize::combine(QueryContext& context, OperatorState& state) {
  Local& local = static_cast<Local&>(state);
  if (spilling_.load()) {  // what the worker holds goes out too
    if (!local.writer) start_spilling(context, local);
    local.writer->flush();
  }
  std::lock_guard lock(mutex_);
  input_infos_.insert(input_infos_.end(), local.infos.begin(), local.infos.end());
  for (Input& input : local.inputs) {
    input.worker = workers_.size();
    inputs_.push_back(std::move(input));
  }
  local.inputs.clear();
  // Finalizing reads the groups' records by partition; the slots are done.
  Worker& worker = *local.worker;
  worker.reservation.resize(worker.reservation.size_bytes() - worker.table.release_slots());
  workers_.push_back(std::move(local.worker));
}

int64_t PhysicalMaterialize::finalize_round(QueryContext& context, int round) {
  if (spilling_.load()) return finalize_spilled_round(context, round);
  if (round > 0) return 0;
  std::sort(inputs_.begin(), inputs_.end(), [](const Input& a, const Input& b) { return a.order < b.order; });
  for (Input& input : inputs_) input.first_result.assign(partitioning_.count(), 0);
  for (auto& worker : workers_) worker->final_group.resize(worker->table.num_groups());
  outputs_.assign(partitioning_.count(), {});
  return partitioning_.count();
}

void PhysicalMaterialize::finalize_task(QueryContext& context, int round, int64_t task) {
  context.check_cancelled();
  if (spilling_.load()) {
    if (round == 0 && task < static_cast<int64_t>(spill_groups_.size())) {
      // The inputs combined before another worker started spilling.
      PartitionedSpill::Writer& writer = input_spill_.new_writer();
      for (const Input& input : spill_groups_[task]) spill_input(context, writer, input.batch, input.order);
      writer.flush();
      spill_groups_[task].clear();
    } else if (round == 1) {
      PartitionedSpill::Writer& out = output_spill_->new_writer();
      compute_spilled(context, input_spill_, static_cast<int>(task), partitioning_, out);
      out.flush();
    }
    return;
  }
  const int partition = static_cast<int>(task);
  const PartitionRows rows = gather_partition_rows(partition);
  if (rows.groups.empty()) return;
  PartitionOutput output = compute_(context, rows);
  for (const auto& column : output.columns)
    LODE_CHECK(column->length() == rows.batch.num_rows(), "a partition output column of the wrong length");
  outputs_[partition] = std::move(output);
}

// Returns one partition's rows in input order (of the columns the
// computation reads; the others are stand-ins of no data) with their dense
// groups, and notes where each input batch's rows start in it.
PartitionRows PhysicalMaterialize::gather_partition_rows(int partition) {
  // The workers' groups of this partition, numbered densely: one worker's
  // are distinct already, several workers' merge by key.
  int64_t num_groups = keys_.empty() ? 1 : 0;
  GroupTable merged;
  for (auto& worker : workers_) {
    worker->table.for_each_group(partition, [&](uint32_t group, std::string_view key) {
      worker->final_group[group] = workers_.size() == 1 ? static_cast<uint32_t>(num_groups++)
                                                        : merged.find_or_insert(key, KeyEncoder::hash_of(key));
    });
  }
  if (workers_.size() > 1 && !keys_.empty()) num_groups = merged.num_groups();

  const Schema& input_schema = children[0]->schema();
  std::vector<std::vector<std::shared_ptr<Column>>> parts(input_schema.num_fields());
  std::vector<uint32_t> groups;
  for (Input& input : inputs_) {
    const uint32_t begin = input.begin(partition), end = input.partition_ends[partition];
    if (begin == end) continue;
    input.first_result[partition] = static_cast<int64_t>(groups.size());
    const std::vector<uint32_t>& final_group = workers_[input.worker]->final_group;
    for (uint32_t i = begin; i < end; ++i) groups.push_back(keys_.empty() ? 0 : final_group[input.groups[i]]);
    for (size_t c = 0; c < input.reads.size(); ++c)
      if (input.reads[c] != nullptr) parts[c].push_back(input.reads[c]->slice(begin, end - begin));
  }
  const int64_t num_rows = static_cast<int64_t>(groups.size());
  if (num_rows == 0) return {};
  DataType no_data;  // a stand-in's type: a struct of no fields, so no buffers
  no_data.id = TypeId::kStruct;
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& part : parts)
    columns.push_back(part.empty() ? Column::make_struct(no_data, num_rows, {}) : concatenate(part));
  return {Batch(std::move(columns), num_rows), std::move(groups), num_groups};
}

int64_t PhysicalMaterialize::num_source_tasks(QueryContext&) {
  return static_cast<int64_t>(spilling_.load() ? bucket_starts_.size() : inputs_.size());
}

// Emits one input batch: its kept rows, or all its rows with the appended
// columns (each partition's slice for the batch, interleaved back into row
// order).
SourceResult PhysicalMaterialize::get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) {
  context.check_cancelled();
  if (spilling_.load()) {  // one bucket of positions, in input order
    std::vector<Batch> pieces;
    output_spill_->for_each(static_cast<int>(task), [&](Batch rows) { pieces.push_back(std::move(rows)); });
    if (pieces.empty()) return SourceResult::kFinished;
    Batch rows = in_position_order(concatenate(std::move(pieces)));
    std::vector<std::shared_ptr<Column>> columns = rows.columns();
    columns.pop_back();  // the positions
    emit(Batch(std::move(columns), rows.num_rows()));
    return SourceResult::kFinished;
  }
  const Input& input = inputs_[task];
  const int64_t n = input.batch.num_rows();
  int some_partition = 0;  // one that has rows of this batch
  while (input.partition_ends[some_partition] == 0) ++some_partition;
  if (!outputs_[some_partition].keeps_all_rows) {
    // Distinct: partition p's kept rows number its rows; those of this batch
    // are [first_result[p], first_result[p] + its rows here).
    std::vector<uint8_t> kept(n, 0);
    for (int p = 0; p < partitioning_.count(); ++p) {
      const uint32_t begin = input.begin(p), end = input.partition_ends[p];
      if (begin == end) continue;
      const auto& rows = outputs_[p].kept_rows;
      const int64_t first = input.first_result[p];
      for (auto it = std::lower_bound(rows.begin(), rows.end(), first); it != rows.end() && *it < first + (end - begin); ++it)
        kept[input.rows[begin + (*it - first)]] = 1;
    }
    std::vector<int32_t> indices;
    for (int64_t row = 0; row < n; ++row)
      if (kept[row]) indices.push_back(static_cast<int32_t>(row));
    const int64_t num_kept = static_cast<int64_t>(indices.size());
    if (num_kept > 0) emit(num_kept == n ? input.batch : take(input.batch, indices.data(), num_kept));
    return SourceResult::kFinished;
  }
  std::vector<std::shared_ptr<Column>> columns = input.batch.columns();
  const size_t num_appended = schema().num_fields() - columns.size();
  std::vector<std::vector<std::shared_ptr<Column>>> slices(num_appended);
  for (int p = 0; p < partitioning_.count(); ++p) {
    const uint32_t begin = input.begin(p), end = input.partition_ends[p];
    if (begin == end) continue;
    for (size_t c = 0; c < num_appended; ++c)
      slices[c].push_back(outputs_[p].columns[c]->slice(input.first_result[p], end - begin));
  }
  // The slices concatenated are in `rows` order; row rows[i] is their row i.
  std::vector<int32_t> indices(num_appended > 0 ? n : 0);
  for (size_t i = 0; i < indices.size(); ++i) indices[input.rows[i]] = static_cast<int32_t>(i);
  for (const auto& parts : slices)
    columns.push_back(parts.size() == 1 ? parts[0] : take(*concatenate(parts), indices.data(), n));
  emit(Batch(std::move(columns), n));
  return SourceResult::kFinished;
}

// ---- spilling

// Whether the rows go to disk from now on: once any worker would pass 3/4
// of the limit by `growth` more bytes (a global window, of no keys, cannot be partitioned: it stays).
bool PhysicalMaterialize::should_spill(QueryContext& context, int64_t growth) {
  if (spilling_.load(std::memory_order_relaxed)) return true;
  if (keys_.empty()) return false;
  const MemoryManager& memory = *context.memory;
  if (!force_spill() &&
      !(memory.has_limit() && memory.used_bytes() + growth > memory.limit_bytes() - memory.limit_bytes() / 4))
    return false;
  spilling_.store(true);
  return true;
}

// A worker's first spill: the inputs it holds go out, and its groups go
// (rows on disk are partitioned by the hash of their keys alone).
void PhysicalMaterialize::start_spilling(QueryContext& context, Local& local) {
  local.writer = &input_spill_.new_writer();
  for (const Input& input : local.inputs) spill_input(context, *local.writer, input.batch, input.order);
  local.inputs.clear();
  local.direct_keys = DirectKeyMap();
  local.worker = std::make_unique<Worker>(partitioning_, *context.memory);
}

void PhysicalMaterialize::spill_input(QueryContext& context, PartitionedSpill::Writer& writer, const Batch& batch,
                                      const BatchOrder& order) const {
  write_by_partition(SortRuns::with_positions(batch, order, *context.memory), partitioning_, writer);
}

// Writes `rows` (input columns, then positions) by the partition of their keys.
void PhysicalMaterialize::write_by_partition(const Batch& rows, RadixPartitioning partitioning,
                                             PartitionedSpill::Writer& writer) const {
  std::vector<std::shared_ptr<Column>> keys;
  for (const auto& key : keys_) keys.push_back(evaluate(*key, rows));
  KeyEncoder encoder(types_of(keys_));
  encoder.encode(keys, rows.num_rows());
  std::vector<std::vector<int64_t>> by_partition(partitioning.count());
  for (int64_t row = 0; row < rows.num_rows(); ++row) by_partition[partitioning.of(encoder.hash(row))].push_back(row);
  for (int p = 0; p < partitioning.count(); ++p)
    if (!by_partition[p].empty())
      writer.write(p, take(rows, by_partition[p].data(), static_cast<int64_t>(by_partition[p].size())));
}

int64_t PhysicalMaterialize::finalize_spilled_round(QueryContext& context, int round) {
  switch (round) {
    case 0: {  // inputs combined before the switch go out, a group of them a task
      const auto groups = std::min<int64_t>(static_cast<int64_t>(inputs_.size()), context.pool->num_threads());
      spill_groups_.assign(groups, {});
      for (size_t i = 0; i < inputs_.size(); ++i) spill_groups_[i % groups].push_back(std::move(inputs_[i]));
      inputs_.clear();
      workers_.clear();
      return std::max<int64_t>(groups, 1);
    }
    case 1:  // the partitions, each computed from disk into the buckets
      spill_groups_.clear();
      plan_output_buckets(context);
      return partitioning_.count();
    default:
      return 0;
  }
}

// Cuts the input positions into buckets of a few MB of rows, so that a
// source task holds one bucket (sorted by position) per thread.
void PhysicalMaterialize::plan_output_buckets(QueryContext& context) {
  std::sort(input_infos_.begin(), input_infos_.end(), [](const InputInfo& a, const InputInfo& b) { return a.order < b.order; });
  const MemoryManager& memory = *context.memory;
  const int64_t bucket_bytes = force_spill() || !memory.has_limit()
                                   ? int64_t{64} << 10
                                   : std::max<int64_t>(int64_t{256} << 10, memory.limit_bytes() / (16 * context.pool->num_threads()));
  bucket_starts_.clear();
  int64_t bytes = bucket_bytes;
  for (const InputInfo& info : input_infos_) {
    if (bytes >= bucket_bytes) {
      bucket_starts_.push_back(info.order.position());
      bytes = 0;
    }
    bytes += info.bytes;
  }
  output_spill_ = std::make_unique<PartitionedSpill>(std::max<int>(1, static_cast<int>(bucket_starts_.size())));
}

int PhysicalMaterialize::bucket_of(int64_t position) const {
  return static_cast<int>(std::upper_bound(bucket_starts_.begin(), bucket_starts_.end(), position) - bucket_starts_.begin()) - 1;
}

// Computes one spilled partition into the output buckets; one too large for
// its share of memory is split by the next bits of the hash first, unless
// the split leaves all its rows together (one key, or keys the hash bits
// cannot tell apart: splitting again would not help).
void PhysicalMaterialize::compute_spilled(QueryContext& context, const PartitionedSpill& spill, int partition,
                                          RadixPartitioning partitioning, PartitionedSpill::Writer& out) const {
  context.check_cancelled();
  const int64_t num_rows = spill.num_rows(partition);
  if (num_rows == 0) return;
  const MemoryManager& memory = *context.memory;
  const bool too_large = force_spill_at(partitioning.level + 1) ||  // forced: the top partitions split once
                         (memory.has_limit() && spill.data_bytes(partition) > memory.limit_bytes() / (4 * context.pool->num_threads()));
  if (!too_large || !partitioning.has_deeper()) return compute_in_memory(context, spill, partition, out);
  const RadixPartitioning deeper = partitioning.deeper();
  PartitionedSpill parts(deeper.count());
  PartitionedSpill::Writer& writer = parts.new_writer();
  spill.for_each(partition, [&](Batch rows) { write_by_partition(rows, deeper, writer); });
  writer.flush();
  for (int p = 0; p < deeper.count(); ++p) {
    if (parts.num_rows(p) == num_rows) return compute_in_memory(context, parts, p, out);
    compute_spilled(context, parts, p, deeper, out);
  }
}

void PhysicalMaterialize::compute_in_memory(QueryContext& context, const PartitionedSpill& spill, int partition,
                                            PartitionedSpill::Writer& out) const {
  std::vector<Batch> pieces;
  spill.for_each(partition, [&](Batch rows) { pieces.push_back(std::move(rows)); });
  if (pieces.empty()) return;
  const Batch rows = in_position_order(concatenate(std::move(pieces)));
  const PartitionOutput output = compute_(context, group_rows(rows, keys_));
  Batch result;
  if (!output.keeps_all_rows) {
    result = take(rows, output.kept_rows.data(), static_cast<int64_t>(output.kept_rows.size()));
  } else {  // the input columns, the appended ones, the positions
    std::vector<std::shared_ptr<Column>> columns = rows.columns();
    columns.pop_back();
    columns.insert(columns.end(), output.columns.begin(), output.columns.end());
    columns.push_back(rows.columns().back());
    result = Batch(std::move(columns), rows.num_rows());
  }
  // Positions ascend, so each bucket's rows are one slice.
  const int64_t n = result.num_rows();
  const int64_t* positions = result.columns().back()->values<int64_t>();
  for (int64_t begin = 0; begin < n;) {
    const int bucket = bucket_of(positions[begin]);
    const int64_t end = bucket + 1 < static_cast<int>(bucket_starts_.size())
                            ? std::lower_bound(positions + begin, positions + n, bucket_starts_[bucket + 1]) - positions
                            : n;
    out.write(bucket, result.slice(begin, end - begin));
    begin = end;
  }
}

void run_physical_plan(QueryContext& context, PhysicalOperator& root) {
  auto pipelines = build_pipelines(root);
  run_pipelines(context, pipelines, root);
}

}  // namespace lode::exec
