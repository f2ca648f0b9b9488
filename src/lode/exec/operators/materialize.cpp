#include "lode/exec/operators/materialize.h"

#include <algorithm>
#include <numeric>

#include "lode/core/take.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/group_keys.h"
#include "lode/exec/query_context.h"
#include "lode/exec/scheduler/pipeline_executor.h"

namespace lode::exec {

namespace {

// The input positions each source task emits the results of.
constexpr int64_t kRowsPerSourceTask = int64_t{1} << 16;
constexpr uint16_t kNoPartition = 0xFFFF;

// The rows of one input batch that fall in one partition.
struct Piece {
  Batch rows;
  std::vector<uint32_t> rows_in_batch;  // ascending
  size_t batch;                         // index into Local::batch_orders
};

std::vector<uint32_t> all_rows(int64_t num_rows) {
  std::vector<uint32_t> rows(num_rows);
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

}  // namespace

struct PhysicalMaterialize::Local final : OperatorState {
  Local(std::vector<DataType> key_types, int num_partitions) : encoder(std::move(key_types)), pieces(num_partitions) {}
  KeyEncoder encoder;
  std::vector<BatchOrder> batch_orders;  // of the batches this worker took
  std::vector<int64_t> batch_rows;
  std::vector<int64_t> batch_starts;        // input position of each batch's first row (finalize)
  std::vector<std::vector<Piece>> pieces;  // by partition
};

PhysicalMaterialize::PhysicalMaterialize(Schema schema, std::string name, std::string details,
                                         std::vector<plan::ExprPtr> keys, Compute compute)
    : PhysicalOperator(std::move(schema)),
      name_(std::move(name)),
      details_(std::move(details)),
      keys_(std::move(keys)),
      partitioning_(keys_.empty() ? 0 : RadixPartitioning::kDefaultBits),
      compute_(std::move(compute)) {
  LODE_CHECK(partitioning_.count() < kNoPartition, "too many partitions for a uint16 owner");
}

PhysicalMaterialize::~PhysicalMaterialize() = default;

std::string PhysicalMaterialize::details() const {
  return details_ + (details_.empty() ? "" : ", ") + "partitions " + std::to_string(partitioning_.count());
}

std::unique_ptr<OperatorState> PhysicalMaterialize::make_sink_state(QueryContext&) {
  return std::make_unique<Local>(types_of(keys_), partitioning_.count());
}

SinkResult PhysicalMaterialize::sink(QueryContext&, OperatorState& state, Batch batch, const BatchOrder& order) {
  Local& local = static_cast<Local&>(state);
  const int64_t n = batch.num_rows();
  if (n == 0) return SinkResult::kNeedMoreInput;
  const size_t batch_index = local.batch_orders.size();
  local.batch_orders.push_back(order);
  local.batch_rows.push_back(n);
  if (partitioning_.count() == 1) {
    local.pieces[0].push_back({std::move(batch), all_rows(n), batch_index});
    return SinkResult::kNeedMoreInput;
  }
  std::vector<std::shared_ptr<Column>> keys;
  for (const auto& key : keys_) keys.push_back(evaluate(*key, batch));
  local.encoder.encode(keys, n);
  std::vector<std::vector<uint32_t>> rows_by_partition(partitioning_.count());
  for (int64_t row = 0; row < n; ++row)
    rows_by_partition[partitioning_.of(local.encoder.hash(row))].push_back(static_cast<uint32_t>(row));
  for (int p = 0; p < partitioning_.count(); ++p) {
    std::vector<uint32_t>& rows = rows_by_partition[p];
    if (rows.empty()) continue;
    Batch piece = take(batch, reinterpret_cast<const int32_t*>(rows.data()), static_cast<int64_t>(rows.size()));
    local.pieces[p].push_back({std::move(piece), std::move(rows), batch_index});
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalMaterialize::combine(QueryContext&, OperatorState& state) {
  auto local = std::make_unique<Local>(std::move(static_cast<Local&>(state)));
  std::lock_guard lock(mutex_);
  locals_.push_back(std::move(local));
}

int64_t PhysicalMaterialize::finalize_round(QueryContext&, int round) {
  if (round > 0) return 0;
  number_input_rows();
  partitions_.assign(partitioning_.count(), {});
  return partitioning_.count();
}

// Gives every batch the input position of its first row: batches in their
// pipeline order, whichever worker took them.
void PhysicalMaterialize::number_input_rows() {
  struct Entry {
    BatchOrder order;
    Local* local;
    size_t batch;
  };
  std::vector<Entry> entries;
  for (auto& local : locals_) {
    local->batch_starts.resize(local->batch_orders.size());
    for (size_t batch = 0; batch < local->batch_orders.size(); ++batch)
      entries.push_back({local->batch_orders[batch], local.get(), batch});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.order < b.order; });
  num_input_rows_ = 0;
  for (const Entry& entry : entries) {
    entry.local->batch_starts[entry.batch] = num_input_rows_;
    num_input_rows_ += entry.local->batch_rows[entry.batch];
  }
}

void PhysicalMaterialize::finalize_task(QueryContext& context, int, int64_t task) {
  context.check_cancelled();
  const int partition = static_cast<int>(task);
  std::vector<int64_t> positions;
  const Batch rows = gather_partition_rows(partition, positions);
  for (auto& local : locals_) std::vector<Piece>().swap(local->pieces[partition]);
  if (positions.empty()) return;
  PartitionOutput output = compute_(context, rows);
  if (!output.keeps_all_rows) {
    for (size_t i = 0; i < output.kept_rows.size(); ++i) positions[i] = positions[output.kept_rows[i]];
    positions.resize(output.kept_rows.size());
  }
  LODE_CHECK(static_cast<int64_t>(positions.size()) == output.batch.num_rows(), "a partition output row without its position");
  partitions_[partition] = {std::move(output.batch), std::move(positions)};
}

// Returns one partition's rows as one batch in input order, and their input positions.
Batch PhysicalMaterialize::gather_partition_rows(int partition, std::vector<int64_t>& positions) const {
  std::vector<std::pair<int64_t, const Piece*>> pieces;  // (first position of its batch, piece)
  for (const auto& local : locals_)
    for (const Piece& piece : local->pieces[partition]) pieces.emplace_back(local->batch_starts[piece.batch], &piece);
  std::sort(pieces.begin(), pieces.end());
  std::vector<std::vector<std::shared_ptr<Column>>> parts(children[0]->schema().num_fields());
  for (const auto& [start, piece] : pieces) {
    for (uint32_t row : piece->rows_in_batch) positions.push_back(start + row);
    for (size_t c = 0; c < parts.size(); ++c) parts[c].push_back(piece->rows.column(static_cast<int>(c)));
  }
  if (positions.empty()) return Batch();
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& part : parts) columns.push_back(concatenate(part));
  return Batch(std::move(columns), static_cast<int64_t>(positions.size()));
}

int64_t PhysicalMaterialize::num_source_tasks(QueryContext&) {
  return (num_input_rows_ + kRowsPerSourceTask - 1) / kRowsPerSourceTask;
}

// Emits the output rows of input positions [begin, end): each partition's
// run of them, interleaved back into input order.
SourceResult PhysicalMaterialize::get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) {
  context.check_cancelled();
  const int64_t begin = task * kRowsPerSourceTask, end = std::min(num_input_rows_, begin + kRowsPerSourceTask);
  std::vector<std::vector<std::shared_ptr<Column>>> slices(schema().num_fields());
  std::vector<uint16_t> owner(end - begin, kNoPartition);
  std::vector<int64_t> next_row;  // per partition with rows: its next row in the concatenated slices
  int64_t num_rows = 0;
  for (const Partition& partition : partitions_) {
    const auto& positions = partition.positions;
    const auto first = std::lower_bound(positions.begin(), positions.end(), begin) - positions.begin();
    const auto last = std::lower_bound(positions.begin(), positions.end(), end) - positions.begin();
    if (first == last) continue;
    for (auto i = first; i < last; ++i) owner[positions[i] - begin] = static_cast<uint16_t>(next_row.size());
    next_row.push_back(num_rows);
    for (size_t c = 0; c < slices.size(); ++c)
      slices[c].push_back(partition.output.column(static_cast<int>(c))->slice(first, last - first));
    num_rows += last - first;
  }
  if (num_rows == 0) return SourceResult::kFinished;
  std::vector<int64_t> indices;
  indices.reserve(num_rows);
  for (uint16_t source : owner)
    if (source != kNoPartition) indices.push_back(next_row[source]++);
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& parts : slices) {
    auto column = concatenate(parts);
    columns.push_back(parts.size() == 1 ? std::move(column) : take(*column, indices.data(), num_rows));
  }
  emit(Batch(std::move(columns), num_rows));
  return SourceResult::kFinished;
}

void run_physical_plan(QueryContext& context, PhysicalOperator& root) {
  auto pipelines = build_pipelines(root);
  run_pipelines(context, pipelines, root);
}

}  // namespace lode::exec
