#include "lode/exec/operators/hash_join.h"

#include <algorithm>

#include "lode/core/error.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/join_keys.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/query_context.h"
#include "lode/exec/spilling.h"
#include "lode/core/take.h"
#include "lode/core/thread_pool.h"

namespace lode::exec {

namespace {

// Returns, per row, whether any key column is null.
std::vector<uint8_t> null_key_rows(const std::vector<std::shared_ptr<Column>>& keys, int64_t n) {
  std::vector<uint8_t> has_null(n, 0);
  for (const auto& key : keys)
    if (key->null_count() > 0)
      for (int64_t row = 0; row < n; ++row) has_null[row] |= key->is_null(row);
  return has_null;
}

void encode_keys(const std::vector<plan::ExprPtr>& keys, const Batch& batch, bool nulls_equal, JoinKeys& encoder,
                 std::vector<uint8_t>& skip) {
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& key : keys) columns.push_back(evaluate(*key, batch));
  encoder.encode(columns, batch.num_rows());
  skip = nulls_equal ? std::vector<uint8_t>(batch.num_rows(), 0) : null_key_rows(columns, batch.num_rows());
}

constexpr int64_t kUnmatchedRowsPerTask = int64_t{1} << 16;

}  // namespace

JoinKind join_kind_from_name(const std::string& name) {
  static const std::pair<const char*, JoinKind> kinds[] = {{"inner", JoinKind::kInner}, {"left", JoinKind::kLeft},
                                                          {"right", JoinKind::kRight}, {"full", JoinKind::kFull},
                                                          {"semi", JoinKind::kSemi},   {"anti", JoinKind::kAnti},
                                                          {"cross", JoinKind::kCross}};
  for (const auto& [text, kind] : kinds)
    if (name == text) return kind;
  throw InternalError("unknown join kind: " + name);
}

std::string join_kind_name(JoinKind kind) {
  static const char* names[] = {"inner", "left", "right", "full", "semi", "anti", "cross", "right semi", "right anti"};
  return names[static_cast<int>(kind)];
}

struct PhysicalHashJoin::BuildChunk {
  BuildChunk(std::vector<DataType> key_types, bool integer_keys) : encoder(std::move(key_types), integer_keys) {}
  Batch batch;
  BatchOrder order;
  JoinKeys encoder;
  std::vector<std::vector<uint32_t>> rows_by_partition;
  std::vector<uint32_t> null_key_rows;  // kept only by joins that emit build rows
};

struct PhysicalHashJoin::Partition {
  explicit Partition(bool integer_keys) : table(integer_keys) {}
  JoinTable table;
  std::vector<int64_t> starts;  // per group, into rows
  std::vector<int64_t> rows;    // build rows, grouped by key, in input order (empty once the table holds them)
};

PhysicalHashJoin::PhysicalHashJoin(Schema schema, JoinKind kind, std::vector<plan::ExprPtr> probe_keys,
                                   std::vector<plan::ExprPtr> build_keys, bool nulls_equal, JoinOutput output,
                                   JoinResidual residual)
    : PhysicalOperator(std::move(schema)),
      kind_(kind),
      probe_keys_(std::move(probe_keys)),
      build_keys_(std::move(build_keys)),
      nulls_equal_(nulls_equal),
      output_(std::move(output)),
      residual_(std::move(residual)),
      integer_keys_(types_of(probe_keys_) == types_of(build_keys_) && integer_join_keys(types_of(build_keys_), nulls_equal)) {}

PhysicalHashJoin::~PhysicalHashJoin() = default;

std::string PhysicalHashJoin::details() const {
  std::string text = join_kind_name(kind_) + ", probe [";
  for (size_t i = 0; i < probe_keys_.size(); ++i) text += (i ? ", " : "") + probe_keys_[i]->to_string();
  text += "], build [";
  for (size_t i = 0; i < build_keys_.size(); ++i) text += (i ? ", " : "") + build_keys_[i]->to_string();
  text += "]";
  if (residual_.condition) text += ", condition " + residual_.condition->to_string();
  return text;
}

// ---- the build side

struct PhysicalHashJoin::BuildLocal final : OperatorState {
  std::vector<std::unique_ptr<BuildChunk>> chunks;
  int64_t bytes = 0;  // the chunks' rows' data_bytes()
  PartitionedSpill::Writer* writer = nullptr;
};

namespace {

// Bytes a build row costs past its columns: its key's encoding and hash,
// its partition entry, its table slot and row number.
constexpr int64_t kBuildBytesPerRow = 48;
// A worker of a spilling build writes its rows out once they hold this much.
int64_t spill_write_bytes(const MemoryManager& memory) {
  return memory.has_limit() ? std::clamp<int64_t>(memory.limit_bytes() / 32, 256 << 10, 4 << 20) : 4 << 20;
}

}  // namespace

std::unique_ptr<OperatorState> PhysicalHashJoin::make_sink_state(QueryContext&) {
  return std::make_unique<BuildLocal>();
}

SinkResult PhysicalHashJoin::sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) {
  auto chunk = std::make_unique<BuildChunk>(types_of(build_keys_), integer_keys_);
  std::vector<uint8_t> skip;
  encode_keys(build_keys_, batch, nulls_equal_, chunk->encoder, skip);
  chunk->rows_by_partition.resize(partitioning_.count());
  for (int64_t row = 0; row < batch.num_rows(); ++row) {
    if (!skip[row]) chunk->rows_by_partition[partitioning_.of(chunk->encoder.hash(row))].push_back(static_cast<uint32_t>(row));
    else if (marks_build()) chunk->null_key_rows.push_back(static_cast<uint32_t>(row));
  }
  auto& local = static_cast<BuildLocal&>(state);
  const int64_t bytes = batch.data_bytes();
  local.bytes += bytes;
  build_bytes_.fetch_add(bytes, std::memory_order_relaxed);
  build_count_.fetch_add(batch.num_rows(), std::memory_order_relaxed);
  chunk->batch = std::move(batch);
  chunk->order = order;
  local.chunks.push_back(std::move(chunk));
  // Past 3/4 of the limit the build goes to disk: building the table in
  // memory would take as much again.
  const MemoryManager& memory = *context.memory;
  if (may_spill_ && !spilling_.load(std::memory_order_relaxed) &&
      (force_spill_at(partitioning_.level) || (memory.has_limit() &&
                         memory.used_bytes() > memory.limit_bytes() - memory.limit_bytes() / 4)))
    spilling_.store(true);
  if (spilling_.load(std::memory_order_relaxed) && (force_spill_at(partitioning_.level) || local.bytes >= spill_write_bytes(memory))) {
    if (!local.writer) local.writer = &build_spill_.new_writer();
    spill_chunks(local.chunks, *local.writer);
    local.chunks.clear();
    local.bytes = 0;
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalHashJoin::combine(QueryContext&, OperatorState& state) {
  auto& local = static_cast<BuildLocal&>(state);
  if (spilling_.load()) {  // a spilling build writes out what it holds
    if (!local.writer) local.writer = &build_spill_.new_writer();
    spill_chunks(local.chunks, *local.writer);
    local.chunks.clear();
  }
  if (local.writer) local.writer->flush();
  std::lock_guard lock(mutex_);
  for (auto& chunk : local.chunks) chunks_.push_back(std::move(chunk));
  local.chunks.clear();
}

// Writes the chunks' rows out by partition, in frames of about 256 KB or
// more (rows with a null key, which only joins that emit build rows keep,
// go to the first partition). Frames are cut there, not per partition, so
// that a partition of most rows (a skewed key) is not copied whole.
void PhysicalHashJoin::spill_chunks(const std::vector<std::unique_ptr<BuildChunk>>& chunks,
                                    PartitionedSpill::Writer& writer) const {
  constexpr int64_t kFrameBytes = int64_t{256} << 10;
  for (int p = 0; p < partitioning_.count(); ++p) {
    std::vector<Batch> pieces;
    int64_t bytes = 0;
    for (const auto& chunk : chunks) {
      std::vector<int64_t> rows(chunk->rows_by_partition[p].begin(), chunk->rows_by_partition[p].end());
      if (p == 0) rows.insert(rows.end(), chunk->null_key_rows.begin(), chunk->null_key_rows.end());
      if (rows.empty()) continue;
      pieces.push_back(take(chunk->batch, rows.data(), static_cast<int64_t>(rows.size())));
      bytes += pieces.back().data_bytes();
      if (bytes >= kFrameBytes) {
        writer.write(p, pieces.size() == 1 ? pieces[0] : concatenate(std::move(pieces)));
        pieces.clear();
        bytes = 0;
      }
    }
    if (!pieces.empty()) writer.write(p, pieces.size() == 1 ? pieces[0] : concatenate(std::move(pieces)));
  }
}

// Whether the table fits: the build columns are copied into one batch
// before the chunks go, and the table adds its own per row.
bool PhysicalHashJoin::build_fits(QueryContext& context) const {
  const MemoryManager& memory = *context.memory;
  if (!memory.has_limit()) return true;
  const int64_t limit = memory.limit_bytes();
  const int64_t needs = 2 * build_bytes_.load() + kBuildBytesPerRow * build_count_.load();
  return memory.used_bytes() + needs <= limit - limit / 16;
}

int64_t PhysicalHashJoin::finalize_round(QueryContext& context, int round) {
  const int num_columns = build_schema().num_fields();
  if (round == 0 && may_spill_ && (spilling_.load() || !build_fits(context))) {
    // Spilled: what the workers still hold goes out too, a group of chunks a task.
    spilled_ = true;
    const auto groups = std::min<int64_t>(static_cast<int64_t>(chunks_.size()), context.pool->num_threads());
    spill_groups_.clear();
    spill_groups_.resize(groups);
    for (size_t i = 0; i < chunks_.size(); ++i) spill_groups_[i % groups].push_back(std::move(chunks_[i]));
    chunks_.clear();
    return std::max<int64_t>(groups, 1);
  }
  if (spilled_) {
    spill_groups_.clear();
    return 0;
  }
  switch (round) {
    case 0: {
      std::sort(chunks_.begin(), chunks_.end(), [](const auto& a, const auto& b) { return a->order < b->order; });
      chunk_offsets_.assign(chunks_.size() + 1, 0);
      for (size_t i = 0; i < chunks_.size(); ++i) chunk_offsets_[i + 1] = chunk_offsets_[i] + chunks_[i]->batch.num_rows();
      std::vector<std::shared_ptr<Column>> columns(num_columns);
      build_rows_ = Batch();
      build_columns_ = std::move(columns);
      return std::max(num_columns, 1);
    }
    case 1: {
      const int64_t rows = chunk_offsets_.back();
      build_rows_ = Batch(std::move(build_columns_), rows);
      if (marks_build()) matched_ = std::vector<std::atomic<uint8_t>>(rows);
      partitions_.clear();
      partitions_.reserve(partitioning_.count());
      for (int i = 0; i < partitioning_.count(); ++i) partitions_.emplace_back(integer_keys_);
      return partitioning_.count();
    }
    default: {
      chunks_.clear();
      int64_t bytes = 0;
      for (const auto& partition : partitions_)
        bytes += partition.table.memory_bytes() +
                 static_cast<int64_t>((partition.starts.capacity() + partition.rows.capacity()) * 8);
      reservation_ = std::make_unique<MemoryReservation>(*context.memory, "join hash table");
      reservation_->resize(bytes);
      return 0;
    }
  }
}

void PhysicalHashJoin::finalize_task(QueryContext& context, int round, int64_t task) {
  context.check_cancelled();
  if (spilled_) {
    if (task < static_cast<int64_t>(spill_groups_.size())) {
      PartitionedSpill::Writer& writer = build_spill_.new_writer();
      spill_chunks(spill_groups_[task], writer);
      writer.flush();
      spill_groups_[task].clear();
    }
    return;
  }
  if (round == 0) {
    if (task >= static_cast<int64_t>(build_columns_.size())) return;
    std::vector<std::shared_ptr<Column>> pieces;
    for (const auto& chunk : chunks_) pieces.push_back(chunk->batch.column(static_cast<int>(task)));
    if (pieces.empty()) build_columns_[task] = null_column(build_schema().field(static_cast<int>(task)).type, 0);
    else build_columns_[task] = pieces.size() == 1 ? pieces[0] : concatenate(pieces);
    return;
  }
  Partition& partition = partitions_[task];
  std::vector<uint32_t> groups;
  std::vector<int64_t> rows;
  size_t num_rows = 0;
  for (const auto& chunk : chunks_) num_rows += chunk->rows_by_partition[task].size();
  partition.table.reserve(static_cast<int64_t>(num_rows));
  groups.reserve(num_rows);
  rows.reserve(num_rows);
  for (size_t c = 0; c < chunks_.size(); ++c) {
    const BuildChunk& chunk = *chunks_[c];
    for (uint32_t row : chunk.rows_by_partition[task]) {
      groups.push_back(partition.table.find_or_insert(chunk.encoder, row));
      rows.push_back(chunk_offsets_[c] + row);
    }
  }
  const int64_t num_groups = partition.table.num_groups();
  partition.starts.assign(num_groups + 1, 0);
  for (uint32_t group : groups) ++partition.starts[group + 1];
  for (int64_t group = 0; group < num_groups; ++group) partition.starts[group + 1] += partition.starts[group];
  partition.rows.resize(groups.size());
  std::vector<int64_t> position(partition.starts.begin(), partition.starts.end() - 1);
  for (size_t i = 0; i < groups.size(); ++i) partition.rows[position[groups[i]]++] = rows[i];
  // Every key has one row: the table holds it in the key's slot.
  if (static_cast<int64_t>(partition.rows.size()) == num_groups && partition.table.hold_unique_rows(partition.rows)) {
    std::vector<int64_t>().swap(partition.starts);
    std::vector<int64_t>().swap(partition.rows);
  }
}

// ---- the probe side

struct PhysicalHashJoin::ProbeState final : OperatorState {
  ProbeState(std::vector<DataType> key_types, bool integer_keys) : encoder(std::move(key_types), integer_keys) {}
  JoinKeys encoder;
  std::vector<uint8_t> skip;
  bool active = false;  // in the middle of an input batch
  int64_t row = 0, match_offset = 0;
  std::vector<int64_t> probe_rows, build_rows;
  // With a residual condition: the candidate pairs and the probe rows
  // visited, and for the row whose candidates go on into the next call
  // (match_offset > 0), whether one has met the condition yet.
  std::vector<int64_t> candidate_probe, candidate_build, visited;
  bool carried_match = false;
  PartitionedSpill::Writer* spill = nullptr;  // a spilled join's probe rows go here
};

std::unique_ptr<OperatorState> PhysicalHashJoin::make_operator_state(QueryContext&) {
  return std::make_unique<ProbeState>(types_of(probe_keys_), integer_keys_);
}

void PhysicalHashJoin::find_matches(ProbeState& state, int64_t row, const int64_t*& begin, const int64_t*& end) const {
  begin = end = nullptr;
  if (state.skip[row]) return;
  const uint64_t hash = state.encoder.hash(row);
  const Partition& partition = partitions_[partitioning_.of(hash)];
  if (partition.table.holds_rows()) {
    begin = partition.table.find_row(state.encoder, row);
    end = begin ? begin + 1 : nullptr;
    return;
  }
  const int64_t group = partition.table.find(state.encoder, row);
  if (group < 0) return;
  begin = partition.rows.data() + partition.starts[group];
  end = partition.rows.data() + partition.starts[group + 1];
}

// Fills the state's row lists with up to kMaxOutputRows pairs; returns true
// once the input's rows are all probed.
template <JoinKind kKind, bool kMarkBuild>
bool PhysicalHashJoin::probe(ProbeState& state, int64_t num_rows) {
  constexpr int64_t kPrefetchDistance = 16;  // rows ahead: hides the cache misses of a large table
  constexpr bool kKeepUnmatchedProbe = kKind == JoinKind::kLeft || kKind == JoinKind::kFull;
  auto& probe_rows = state.probe_rows;
  auto& build_rows = state.build_rows;
  for (; state.row < num_rows; ++state.row, state.match_offset = 0) {
    const int64_t row = state.row;
    if (row + kPrefetchDistance < num_rows) {
      const uint64_t ahead = state.encoder.hash(row + kPrefetchDistance);
      partitions_[partitioning_.of(ahead)].table.prefetch(ahead);
    }
    const int64_t* begin = nullptr;
    const int64_t* end = nullptr;
    find_matches(state, row, begin, end);
    const bool found = begin != end;
    if constexpr (kKind == JoinKind::kRightSemi || kKind == JoinKind::kRightAnti) {
      for (const int64_t* match = begin; match != end; ++match) matched_[*match].store(1, std::memory_order_relaxed);
      continue;  // the build rows come out of the source
    }
    if (static_cast<int64_t>(probe_rows.size()) >= kMaxOutputRows) return false;
    if constexpr (kKind == JoinKind::kSemi || kKind == JoinKind::kAnti) {
      if (found == (kKind == JoinKind::kSemi)) probe_rows.push_back(row);
      continue;
    }
    for (const int64_t* match = begin + state.match_offset; match != end; ++match) {
      if (static_cast<int64_t>(probe_rows.size()) >= kMaxOutputRows) {
        state.match_offset = match - begin;
        return false;
      }
      probe_rows.push_back(row);
      build_rows.push_back(*match);
      if constexpr (kMarkBuild) matched_[*match].store(1, std::memory_order_relaxed);
    }
    if (kKeepUnmatchedProbe && !found) {
      probe_rows.push_back(row);
      build_rows.push_back(-1);
    }
  }
  return true;
}

OperatorResult PhysicalHashJoin::execute(QueryContext&, OperatorState* state_base, const Batch& input, Batch& output) {
  ProbeState& state = *static_cast<ProbeState*>(state_base);
  if (spilled_) {
    spill_probe(state, input);
    output = Batch();
    return OperatorResult::kNeedMoreInput;
  }
  if (!state.active) {
    encode_keys(probe_keys_, input, nulls_equal_, state.encoder, state.skip);
    state.active = true;
    state.row = state.match_offset = 0;
  }
  state.probe_rows.clear();
  state.build_rows.clear();
  const int64_t n = input.num_rows();
  bool done = false;
  if (residual_.condition) {
    done = probe_with_residual(state, input);
  } else switch (kind_) {
    case JoinKind::kInner: done = probe<JoinKind::kInner, false>(state, n); break;
    case JoinKind::kLeft: done = probe<JoinKind::kLeft, false>(state, n); break;
    case JoinKind::kRight: done = probe<JoinKind::kRight, true>(state, n); break;
    case JoinKind::kFull: done = probe<JoinKind::kFull, true>(state, n); break;
    case JoinKind::kSemi: done = probe<JoinKind::kSemi, false>(state, n); break;
    case JoinKind::kAnti: done = probe<JoinKind::kAnti, false>(state, n); break;
    case JoinKind::kRightSemi: done = probe<JoinKind::kRightSemi, true>(state, n); break;
    case JoinKind::kRightAnti: done = probe<JoinKind::kRightAnti, true>(state, n); break;
    case JoinKind::kCross: throw InternalError("a cross join is not a hash join");
  }
  output = gather(input, state.probe_rows, state.build_rows, output_);
  if (!done) return OperatorResult::kHaveMoreOutput;
  state.active = false;
  return OperatorResult::kNeedMoreInput;
}

// A spilled join's probe: rows go to disk by the partition of their key
// (rows with a null key to the first), for the source to join.
void PhysicalHashJoin::spill_probe(ProbeState& state, const Batch& input) {
  encode_keys(probe_keys_, input, nulls_equal_, state.encoder, state.skip);
  std::vector<std::vector<int64_t>> rows(partitioning_.count());
  for (int64_t row = 0; row < input.num_rows(); ++row)
    rows[state.skip[row] ? 0 : partitioning_.of(state.encoder.hash(row))].push_back(row);
  if (!state.spill) state.spill = &probe_spill_.new_writer();
  for (int p = 0; p < partitioning_.count(); ++p)
    if (!rows[p].empty()) state.spill->write(p, take(input, rows[p].data(), static_cast<int64_t>(rows[p].size())));
}

// The end of a probe task: what it spilled is written, for the source to read.
OperatorResult PhysicalHashJoin::flush(QueryContext&, OperatorState* state_base, Batch&) {
  ProbeState& state = *static_cast<ProbeState*>(state_base);
  if (state.spill) state.spill->flush();
  return OperatorResult::kNeedMoreInput;
}

// Collects the key matches of whole probe rows (at most kMaxOutputRows
// pairs; a row with more goes on in the next call), evaluates the residual
// on them, and fills the state's row lists by the kind's rule. Returns true
// once the input's rows are all probed.
bool PhysicalHashJoin::probe_with_residual(ProbeState& state, const Batch& input) {
  const int64_t num_rows = input.num_rows();
  state.candidate_probe.clear();
  state.candidate_build.clear();
  state.visited.clear();
  const bool resumed = state.match_offset > 0;  // the first row's earlier candidates were in the last call
  bool row_goes_on = false;
  for (; state.row < num_rows; ++state.row, state.match_offset = 0) {
    const int64_t* begin = nullptr;
    const int64_t* end = nullptr;
    find_matches(state, state.row, begin, end);
    state.visited.push_back(state.row);
    for (const int64_t* match = begin + state.match_offset; match != end; ++match) {
      if (static_cast<int64_t>(state.candidate_probe.size()) >= kMaxOutputRows) {
        state.match_offset = match - begin;
        row_goes_on = true;
        break;
      }
      state.candidate_probe.push_back(state.row);
      state.candidate_build.push_back(*match);
    }
    if (row_goes_on) break;
  }
  const std::vector<uint8_t> passes = residual_mask(input, state.candidate_probe, state.candidate_build);
  const bool keep_unmatched_probe = kind_ == JoinKind::kLeft || kind_ == JoinKind::kFull;
  const bool mark_build = marks_build();
  const bool pairs_out = kind_ == JoinKind::kInner || kind_ == JoinKind::kLeft || kind_ == JoinKind::kRight ||
                         kind_ == JoinKind::kFull;
  size_t candidate = 0;
  for (size_t v = 0; v < state.visited.size(); ++v) {
    const int64_t row = state.visited[v];
    bool matched = v == 0 && resumed && state.carried_match;
    for (; candidate < state.candidate_probe.size() && state.candidate_probe[candidate] == row; ++candidate) {
      if (!passes[candidate]) continue;
      matched = true;
      const int64_t build_row = state.candidate_build[candidate];
      if (pairs_out) {
        state.probe_rows.push_back(row);
        state.build_rows.push_back(build_row);
      }
      if (mark_build) matched_[build_row].store(1, std::memory_order_relaxed);
    }
    if (row_goes_on && v + 1 == state.visited.size()) {
      state.carried_match = matched;
      break;
    }
    if ((kind_ == JoinKind::kSemi && matched) || (kind_ == JoinKind::kAnti && !matched)) state.probe_rows.push_back(row);
    if (keep_unmatched_probe && !matched) {
      state.probe_rows.push_back(row);
      state.build_rows.push_back(-1);
    }
  }
  return !row_goes_on;
}

// Returns, per candidate pair, whether it meets the residual condition
// (null counts as not).
std::vector<uint8_t> PhysicalHashJoin::residual_mask(const Batch& probe_batch, const std::vector<int64_t>& probe_rows,
                                                     const std::vector<int64_t>& build_rows) const {
  const int64_t count = static_cast<int64_t>(probe_rows.size());
  std::vector<uint8_t> passes(count, 0);
  if (count == 0) return passes;
  const Datum mask = evaluate_datum(*residual_.condition, gather(probe_batch, probe_rows, build_rows, residual_.inputs));
  if (mask.is_scalar()) {
    std::fill(passes.begin(), passes.end(), !mask.scalar->is_null && mask.scalar->boolean);
    return passes;
  }
  const Column& column = *mask.column;
  for (int64_t i = 0; i < count; ++i) passes[i] = column.bool_at(i) && column.is_valid(i);
  return passes;
}

Batch PhysicalHashJoin::gather(const Batch& probe_batch, const std::vector<int64_t>& probe_rows,
                               const std::vector<int64_t>& build_rows, const JoinOutput& which) const {
  const int64_t count = static_cast<int64_t>(probe_rows.size());
  std::vector<std::shared_ptr<Column>> columns;
  for (size_t i = 0; i < which.columns.size(); ++i) {
    const int column = which.columns[i];
    if (which.from_probe[i]) columns.push_back(take(*probe_batch.column(column), probe_rows.data(), count));
    else columns.push_back(take(*build_rows_.column(column), build_rows.data(), count));
  }
  return Batch(std::move(columns), count);
}

// ---- build rows, unmatched (or matched, for right semi joins)

int64_t PhysicalHashJoin::num_source_tasks(QueryContext&) {
  if (spilled_) return partitioning_.count();
  if (!marks_build()) return 0;
  return (build_rows_.num_rows() + kUnmatchedRowsPerTask - 1) / kUnmatchedRowsPerTask;
}

// One spilled partition, joined by a join of its own (join_nested). That
// join partitions by the next bits of the hash, and spills in turn when the
// partition does not fit either (recursive repartitioning); its spilled
// partitions are joined here too, one after the other. A partition that
// holds all its parent's build rows did not split: one key's rows (or keys
// the hash bits cannot tell apart). Joins whose output needs no state per
// probe row then join it a block of build rows at a time.
void PhysicalHashJoin::join_spilled_partition(QueryContext& context, int partition, const BatchEmitter& emit) const {
  const int64_t build_rows = build_spill_.num_rows(partition);
  if (build_rows == 0 && probe_spill_.num_rows(partition) == 0) return;
  const bool blocks_work = kind_ == JoinKind::kInner || kind_ == JoinKind::kRight || kind_ == JoinKind::kRightSemi ||
                           kind_ == JoinKind::kRightAnti;
  if (blocks_work && build_rows == parent_build_rows_ && context.memory->has_limit()) {
    const int64_t block_bytes = context.memory->limit_bytes() / (16 * context.pool->num_threads());  // its table takes 3x
    std::vector<Batch> block;
    int64_t bytes = 0;
    const auto join_block = [&] {
      join_nested(context, partitioning_, false, [&](const std::function<void(Batch)>& sink) {
        for (Batch& batch : block) sink(std::move(batch));
      }, partition, emit);
      block.clear();
      bytes = 0;
    };
    build_spill_.for_each(partition, [&](Batch batch) {
      bytes += batch.data_bytes();
      block.push_back(std::move(batch));
      if (bytes >= block_bytes) join_block();
    });
    if (!block.empty()) join_block();
    return;
  }
  const RadixPartitioning deeper = partitioning_.deeper();
  join_nested(context, deeper, deeper.has_deeper(), [&](const std::function<void(Batch)>& sink) {
    build_spill_.for_each(partition, sink);
  }, partition, emit, build_rows);
}

// Joins the build rows `build` passes to its sink with the probe rows of
// spilled partition `probe_partition`, through a join of its own: build
// rows sunk and finalized, probe rows probed a frame at a time, then build
// rows emitted where the kind asks for them, and the partitions it spilled
// joined in turn.
void PhysicalHashJoin::join_nested(QueryContext& context, RadixPartitioning partitioning, bool may_spill,
                                   const std::function<void(const std::function<void(Batch)>&)>& build,
                                   int probe_partition, const BatchEmitter& emit, int64_t build_rows) const {
  auto join = std::make_unique<PhysicalHashJoin>(schema(), kind_, probe_keys_, build_keys_, nulls_equal_, output_, residual_);
  join->build_schema_ = build_schema();
  join->partitioning_ = partitioning;
  join->may_spill_ = may_spill;
  join->parent_build_rows_ = build_rows;
  {
    auto local = join->make_sink_state(context);
    int64_t offset = 0;
    build([&](Batch batch) {
      const int64_t rows = batch.num_rows();
      join->sink(context, *local, std::move(batch), BatchOrder{0, 0, offset});
      offset += rows;
    });
    join->combine(context, *local);
  }
  for (int round = 0;; ++round) {
    const int64_t tasks = join->finalize_round(context, round);
    if (tasks == 0) break;
    for (int64_t task = 0; task < tasks; ++task) join->finalize_task(context, round, task);
  }
  auto state = join->make_operator_state(context);
  probe_spill_.for_each(probe_partition, [&](Batch batch) {
    OperatorResult result;
    do {
      Batch output;
      result = join->execute(context, state.get(), batch, output);
      if (output.num_rows() > 0) emit(std::move(output));
    } while (result == OperatorResult::kHaveMoreOutput);
  });
  Batch none;
  join->flush(context, state.get(), none);
  const int64_t tasks = join->num_source_tasks(context);
  for (int64_t task = 0; task < tasks; ++task) join->get_data(context, task, emit);
}

SourceResult PhysicalHashJoin::get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) {
  context.check_cancelled();
  if (spilled_) {
    join_spilled_partition(context, static_cast<int>(task), emit);
    return SourceResult::kFinished;
  }
  const int64_t begin = task * kUnmatchedRowsPerTask;
  const int64_t end = std::min(build_rows_.num_rows(), begin + kUnmatchedRowsPerTask);
  const uint8_t wanted = kind_ == JoinKind::kRightSemi ? 1 : 0;
  std::vector<int64_t> rows;
  for (int64_t row = begin; row < end; ++row)
    if (matched_[row].load(std::memory_order_relaxed) == wanted) rows.push_back(row);
  const int64_t count = static_cast<int64_t>(rows.size());
  if (count == 0) return SourceResult::kFinished;
  std::vector<std::shared_ptr<Column>> columns;
  for (size_t i = 0; i < output_.columns.size(); ++i) {
    if (output_.from_probe[i]) columns.push_back(null_column(schema().field(static_cast<int>(i)).type, count));
    else columns.push_back(take(*build_rows_.column(output_.columns[i]), rows.data(), count));
  }
  emit(Batch(std::move(columns), count));
  return SourceResult::kFinished;
}

}  // namespace lode::exec
