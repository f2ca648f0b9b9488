#include "lode/exec/operators/sort.h"

#include <algorithm>
#include <array>
#include <bit>
#include <numeric>
#include <utility>
#include <queue>

#include "lode/core/memory_manager.h"
#include "lode/core/table.h"
#include "lode/core/take.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/query_context.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/spilling.h"

namespace lode::exec {

namespace {

constexpr int64_t kMinRunRows = 1 << 14;

// The rows of `batch` that can be among the first `wanted` of the order, in
// input order: a row that `wanted` rows of its own batch precede is preceded
// by at least as many in the whole input (ties go by position either way).
std::vector<int64_t> batch_top_rows(const Batch& batch, const std::vector<plan::SortKey>& keys, int64_t wanted) {
  std::vector<NormalizedKey> normalized;
  for (const auto& key : keys) normalized.push_back(normalize_key(*evaluate(*key.expr, batch), key));
  std::vector<int64_t> rows(batch.num_rows());
  std::iota(rows.begin(), rows.end(), 0);
  std::nth_element(rows.begin(), rows.begin() + wanted, rows.end(),
                   [&normalized](int64_t a, int64_t b) { return sorts_before(normalized, a, b); });
  rows.resize(wanted);
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

struct PhysicalSort::Local final : OperatorState {
  std::vector<std::pair<BatchOrder, Batch>> batches;
  int64_t rows = 0, bytes = 0;  // of the batches, as Batch::data_bytes() counts
};

PhysicalSort::PhysicalSort(Schema schema, std::vector<plan::SortKey> keys, int64_t offset, int64_t limit)
    : PhysicalOperator(std::move(schema)),
      keys_(std::move(keys)),
      offset_(offset),
      limit_(limit),
      spilled_(keys_, this->schema().num_fields()) {}

std::string PhysicalSort::details() const {
  std::string text;
  for (const auto& key : keys_)
    text += (text.empty() ? "" : ", ") + key.expr->to_string() + (key.descending ? " desc" : "") +
            (key.nulls_last ? " nulls last" : "");
  if (limit_ >= 0) text += ", offset " + std::to_string(offset_) + ", limit " + std::to_string(limit_);
  return text;
}

std::unique_ptr<OperatorState> PhysicalSort::make_sink_state(QueryContext&) { return std::make_unique<Local>(); }

// A top-k keeps, of each batch, only the rows that can make the cut.
SinkResult PhysicalSort::sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) {
  const int64_t wanted = limit_ >= 0 ? offset_ + limit_ : -1;
  if (wanted >= 0 && wanted < batch.num_rows() / 2) {
    const std::vector<int64_t> rows = batch_top_rows(batch, keys_, wanted);
    batch = take(batch, rows.data(), wanted);
  }
  if (batch.num_rows() == 0) return SinkResult::kNeedMoreInput;
  auto& local = static_cast<Local&>(state);
  local.rows += batch.num_rows();
  local.bytes += batch.data_bytes();
  local.batches.emplace_back(order, std::move(batch));
  if (should_spill(context, local)) {
    write_run(context, std::move(local.batches));
    local.batches.clear();
    local.rows = local.bytes = 0;
  }
  return SinkResult::kNeedMoreInput;
}

// What sorting these rows into a run takes: a copy of their columns (the
// batches may be shared, as slices of a table in memory), their positions,
// and per key an order word and a null rank, and a record of the words.
int64_t PhysicalSort::run_cost(int64_t bytes, int64_t rows) const {
  const auto num_keys = static_cast<int64_t>(keys_.size());
  return bytes + rows * (8 + 9 * num_keys + 8 * (std::min<int64_t>(num_keys, kMaxWords) + 2));
}

// Sorts `batches` into a run with an in-memory sort of their own (with the
// positions as a column) and writes it out, the sorted chunks in order.
void PhysicalSort::write_run(QueryContext& context, std::vector<std::pair<BatchOrder, Batch>> batches) {
  std::vector<Field> fields = schema().fields();
  fields.push_back({"__position", DataType(TypeId::kInt64)});
  PhysicalSort run(Schema(std::move(fields)), keys_, 0, -1);
  run.may_spill_ = false;
  {
    auto local = run.make_sink_state(context);
    for (auto& [order, batch] : batches) run.sink(context, *local, SortRuns::with_positions(batch, order, *context.memory), order);
    batches.clear();
    run.combine(context, *local);
  }
  for (int round = 0;; ++round) {
    const int64_t tasks = run.finalize_round(context, round);
    if (tasks == 0) break;
    for (int64_t task = 0; task < tasks; ++task) run.finalize_task(context, round, task);
  }
  spilled_.write_run(context, [&](const BatchEmitter& emit) {
    for (int64_t task = 0; task < run.num_source_tasks(context); ++task) run.get_data(context, task, emit);
  });
}

// Whether a worker writes its batches out as a run now: when every worker
// making a run of its batches at once would take memory past 3/4 of the
// limit (the rest is for the scans feeding the sort, whose row groups are
// read whole). Runs of fewer than 4096 rows wait, unless memory is nearly
// full.
bool PhysicalSort::should_spill(QueryContext& context, const Local& local) const {
  if (!may_spill_) return false;
  if (force_spill()) return true;
  const MemoryManager& memory = *context.memory;
  if (!memory.has_limit()) return false;
  const int64_t limit = memory.limit_bytes(), used = memory.used_bytes();
  const int64_t workers = context.pool->num_threads();
  if (used + workers * run_cost(local.bytes, local.rows) <= limit - limit / 4) return false;
  return local.rows >= 4096 || used > limit - limit / 16;
}

void PhysicalSort::combine(QueryContext&, OperatorState& state) {
  auto& local = static_cast<Local&>(state);
  std::lock_guard lock(mutex_);
  for (auto& entry : local.batches) input_.push_back(std::move(entry));
  input_bytes_ += local.bytes;
  local.batches.clear();
}

// Whether the in-memory sort fits: it copies the input into columns (then
// lets the batches go), adds per row the keys' order words and a record,
// and gathers the output, which the consumer may keep.
bool PhysicalSort::fits_in_memory(QueryContext& context) const {
  const MemoryManager& memory = *context.memory;
  if (!memory.has_limit()) return true;
  int64_t rows = 0;
  for (const auto& entry : input_) rows += entry.second.num_rows();
  const int64_t limit = memory.limit_bytes();
  const int64_t needs = 2 * input_bytes_ + rows * 8 * (2 * static_cast<int64_t>(keys_.size()) + 3);
  return memory.used_bytes() + needs <= limit - limit / 16;
}

// The external sort's rounds: the batches left in memory written out, a
// run per task (each small enough that all threads make theirs at once);
// then the chunks planned and their cuts found, a cut per task.
int64_t PhysicalSort::external_round(QueryContext& context, int round) {
  const MemoryManager& memory = *context.memory;
  const int64_t threads = context.pool->num_threads();
  const int64_t free_bytes = memory.has_limit() ? memory.limit_bytes() - memory.used_bytes() : int64_t{1} << 40;
  if (round == 0) {
    std::sort(input_.begin(), input_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const int64_t run_budget = force_spill() ? int64_t{64} << 10
                                             : std::clamp<int64_t>(free_bytes / 2 / threads, int64_t{4} << 20, int64_t{1} << 30);
    run_inputs_.clear();
    int64_t bytes = 0, rows = 0;
    for (auto& entry : input_) {
      if (run_inputs_.empty() || run_cost(bytes, rows) >= run_budget) {
        run_inputs_.emplace_back();
        bytes = rows = 0;
      }
      bytes += entry.second.data_bytes();
      rows += entry.second.num_rows();
      run_inputs_.back().push_back(std::move(entry));
    }
    input_.clear();
    input_bytes_ = 0;
    return std::max<int64_t>(1, static_cast<int64_t>(run_inputs_.size()));
  }
  if (round == 1) {
    run_inputs_.clear();
    const int64_t n = spilled_.num_rows();
    wanted_ = limit_ >= 0 ? std::min(n, offset_ + limit_) : n;
    first_ = std::min(limit_ >= 0 ? offset_ : 0, wanted_);
    // Of the memory left, a chunk's blocks, merge and output take about
    // three times its bytes, and the consumer takes its share (a sink) or
    // keeps the output (a collect, which must fit).
    const int64_t chunk_bytes = force_spill() ? int64_t{64} << 10
                                              : std::clamp<int64_t>(free_bytes / (6 * threads), int64_t{1} << 20,
                                                                    int64_t{256} << 20);
    cut_tasks_ = spilled_.plan_chunks(chunk_bytes);
    return std::max<int64_t>(1, cut_tasks_);
  }
  if (round == 2) num_chunks_ = spilled_.num_chunks();
  return 0;
}

template <int W>
struct PhysicalSort::Record {
  uint64_t words[W];
  int64_t row;
};

template <int W>
struct PhysicalSort::RecordLess {
  const std::vector<NormalizedKey>* keys;
  bool exact;
  bool operator()(const Record<W>& a, const Record<W>& b) const {
    for (int i = 0; i < W; ++i)
      if (a.words[i] != b.words[i]) return a.words[i] < b.words[i];
    return exact ? a.row < b.row : sorts_before(*keys, a.row, b.row);
  }
};

// Calls visit(std::integral_constant<int, W>) for the records' width.
template <typename Visit>
void PhysicalSort::with_width(Visit&& visit) {
  switch (words_) {
    case 1: return visit(std::integral_constant<int, 1>{});
    case 2: return visit(std::integral_constant<int, 2>{});
    case 3: return visit(std::integral_constant<int, 3>{});
    case 4: return visit(std::integral_constant<int, 4>{});
    case 5: return visit(std::integral_constant<int, 5>{});
    case 6: return visit(std::integral_constant<int, 6>{});
    case 7: return visit(std::integral_constant<int, 7>{});
    default: return visit(std::integral_constant<int, 8>{});
  }
}

// A key's value as its record orders it: the order word, complemented when descending.
uint64_t PhysicalSort::KeyPart::value(const NormalizedKey& key, int64_t row) const {
  if (null_rank) return key.null_rank[row];
  const uint64_t word = key.kind == NormalizedKey::Kind::kDecimal
                            ? static_cast<uint64_t>(key.decimal[row] >> 64) ^ (uint64_t{1} << 63)
                            : key.fixed[row];
  return key.descending ? ~word : word;
}

// The range of a key's parts (its null rank where it has nulls, then its
// order word) over all rows.
void PhysicalSort::measure_key(QueryContext& context, int64_t k) {
  const NormalizedKey& key = normalized_[k];
  auto& parts = key_parts_[k];
  parts.clear();
  if (key.has_nulls) parts.push_back({static_cast<int>(k), true});
  parts.push_back({static_cast<int>(k), false});
  const int64_t n = data_.num_rows();
  for (auto& part : parts) {
    std::mutex mutex;
    uint64_t low = UINT64_MAX, high = 0;
    for_row_ranges(context.pool, n, [&](int64_t begin, int64_t end) {
      uint64_t range_low = UINT64_MAX, range_high = 0;
      for (int64_t row = begin; row < end; ++row) {
        const uint64_t value = part.value(key, row);
        range_low = std::min(range_low, value);
        range_high = std::max(range_high, value);
      }
      std::lock_guard lock(mutex);
      low = std::min(low, range_low);
      high = std::max(high, range_high);
    });
    part.min = n > 0 ? low : 0;
    part.bits = n == 0 || high == low ? 0 : 64 - std::countl_zero(high - low);
  }
}

// The records' words: the keys' parts, less their minimum, packed bit by bit
// from the first key (two int32 ids of 1e5 and 100 values fit in 24 bits of
// one word). Keys are packed while they fit in 8 words; the words order rows
// exactly when every packed key is exact (fixed-width, or strings known
// whole by their prefix words) and no key is left out. A key known only by
// a prefix (a string, a decimal) is the last packed: its ties go to the full
// comparison before any later key.
void PhysicalSort::choose_layout() {
  parts_.clear();
  int bits = 0;
  exact_ = true;
  for (size_t k = 0; k < normalized_.size(); ++k) {
    int key_bits = 0;
    for (const auto& part : key_parts_[k]) key_bits += part.bits;
    if (bits + key_bits > 64 * kMaxWords) {
      exact_ = false;
      break;
    }
    bits += key_bits;
    for (const auto& part : key_parts_[k]) parts_.push_back(part);
    const NormalizedKey& key = normalized_[k];
    if (key.kind == NormalizedKey::Kind::kDecimal || (key.kind == NormalizedKey::Kind::kString && !key.exact_strings)) {
      exact_ = false;
      break;
    }
  }
  words_ = std::max((bits + 63) / 64, 1);
  bits_ = bits;
}

// Writes row's packed words into `words` (W of them, zeroed first).
template <int W>
void PhysicalSort::pack_row(int64_t row, uint64_t* words) const {
  for (int i = 0; i < W; ++i) words[i] = 0;
  int used = 0;
  for (const auto& part : parts_) {
    if (part.bits == 0) continue;
    const uint64_t value = part.value(normalized_[part.key], row) - part.min;
    const int word = used / 64, room = 64 - used % 64;
    if (part.bits <= room) {
      words[word] |= value << (room - part.bits);
    } else {
      words[word] |= value >> (part.bits - room);
      words[word + 1] |= value << (64 - (part.bits - room));
    }
    used += part.bits;
  }
}

template <int W>
void PhysicalSort::sort_run(QueryContext& context, int64_t run) {
  auto& [begin, end] = runs_[run];
  auto* records = records_->data_as<Record<W>>();
  for (int64_t row = begin; row < end; ++row) {
    pack_row<W>(row, records[row].words);
    records[row].row = row;
  }
  const RecordLess<W> less{&normalized_, exact_};
  if (top_k_) {
    const int64_t keep = std::min(end - begin, wanted_);
    std::partial_sort(records + begin, records + begin + keep, records + end, less);
    end = begin + keep;
  } else if constexpr (W == 1) {
    if (exact_) radix_sort(records + begin, end - begin, *context.memory);
    else std::sort(records + begin, records + end, less);
  } else {
    std::sort(records + begin, records + end, less);
  }
}

// A least-significant-digit radix sort of one-word records on their bits_
// bits (the word's top ones), a byte a pass (passes where every record has
// the same byte are skipped). Stable, so rows of equal words keep their order.
void PhysicalSort::radix_sort(Record<1>* records, int64_t n, MemoryManager& memory) const {
  const int passes = (bits_ + 7) / 8;
  const int lowest = 64 - 8 * passes;
  std::vector<std::array<int64_t, 256>> counts(passes);
  for (auto& count : counts) count.fill(0);
  for (int64_t i = 0; i < n; ++i)
    for (int pass = 0; pass < passes; ++pass) ++counts[pass][(records[i].words[0] >> (lowest + 8 * pass)) & 255];
  auto scratch = Buffer::allocate(n * static_cast<int64_t>(sizeof(Record<1>)), memory);
  Record<1>* from = records;
  Record<1>* to = scratch->data_as<Record<1>>();
  for (int pass = 0; pass < passes; ++pass) {
    auto& count = counts[pass];
    if (std::count(count.begin(), count.end(), n) == 1) continue;  // one byte value: nothing moves
    int64_t position = 0;
    for (auto& bucket : count) position += std::exchange(bucket, position);
    const int shift = lowest + 8 * pass;
    for (int64_t i = 0; i < n; ++i) to[count[(from[i].words[0] >> shift) & 255]++] = from[i];
    std::swap(from, to);
  }
  if (from != records) std::copy(from, from + n, records);
}

int64_t PhysicalSort::finalize_round(QueryContext& context, int round) {
  if (round == 0) external_ = may_spill_ && (spilled_.num_runs() > 0 || !fits_in_memory(context));
  if (external_) return external_round(context, round);
  switch (round) {
    case 0:
      std::sort(input_.begin(), input_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      columns_.assign(schema().num_fields(), nullptr);
      return std::max(schema().num_fields(), 1);
    case 1: {
      int64_t rows = 0;
      for (const auto& entry : input_) rows += entry.second.num_rows();
      input_.clear();
      data_ = Batch(std::move(columns_), rows);
      normalized_.resize(keys_.size());
      key_parts_.assign(keys_.size(), {});
      return rows == 0 ? 1 : static_cast<int64_t>(keys_.size());
    }
    case 2: {
      const int64_t n = data_.num_rows();
      wanted_ = limit_ >= 0 ? std::min(n, offset_ + limit_) : n;
      first_ = std::min(limit_ >= 0 ? offset_ : 0, wanted_);
      top_k_ = wanted_ < n / 8;
      choose_layout();
      records_ = Buffer::allocate(n * (words_ + 1) * 8, *context.memory);
      const int64_t num_runs = std::clamp<int64_t>(n / kMinRunRows, 1, context.pool->num_threads());
      runs_.clear();
      for (int64_t r = 0; r < num_runs; ++r) runs_.push_back({n * r / num_runs, n * (r + 1) / num_runs});
      return num_runs;
    }
    case 3: {
      // Chunks of 128K to 1M rows, at least four a thread: a chunk's gather
      // makes buffers large enough for huge pages (large_blocks.h).
      int64_t total = 0;
      for (const auto& [begin, end] : runs_) total += end - begin;
      const int64_t chunk_rows = std::clamp<int64_t>(total / (4 * context.pool->num_threads()), kOutputRows, 8 * kOutputRows);
      with_width([this, chunk_rows](auto width) { plan_chunks<decltype(width)::value>(chunk_rows); });
      return 0;
    }
    default: return 0;
  }
}

void PhysicalSort::finalize_task(QueryContext& context, int round, int64_t task) {
  context.check_cancelled();
  if (external_) {
    if (round == 0 && task < static_cast<int64_t>(run_inputs_.size()))
      write_run(context, std::move(run_inputs_[task]));
    else if (round == 1 && task < cut_tasks_)
      spilled_.find_cut(context, task);
    return;
  }
  if (round == 0) {
    if (task >= static_cast<int64_t>(columns_.size())) return;
    std::vector<std::shared_ptr<Column>> pieces;
    for (const auto& entry : input_) pieces.push_back(entry.second.column(static_cast<int>(task)));
    columns_[task] = pieces.empty() ? null_column(schema().field(static_cast<int>(task)).type, 0)
                                    : pieces.size() == 1 ? pieces[0] : concatenate(pieces);
  } else if (round == 1) {
    if (task < static_cast<int64_t>(keys_.size())) {
      normalized_[task] = normalize_key(*evaluate(*keys_[task].expr, data_), keys_[task], context.pool);
      measure_key(context, task);
    }
  } else if (round == 2) {
    with_width([this, &context, task](auto width) { sort_run<decltype(width)::value>(context, task); });
  }
}

// Cuts the runs' merged order into chunks of about `chunk_rows` at splitters
// sampled from the runs; every record is distinct under the order (the row
// breaks ties), so a binary search per run and splitter cuts exactly.
template <int W>
void PhysicalSort::plan_chunks(int64_t chunk_rows) {
  const auto* records = records_->data_as<const Record<W>>();
  const RecordLess<W> less{&normalized_, exact_};
  int64_t total = 0;
  for (const auto& [begin, end] : runs_) total += end - begin;
  const int64_t limit_total = top_k_ ? std::min(total, wanted_) : total;
  int64_t chunks = std::max<int64_t>(1, (limit_total + chunk_rows - 1) / chunk_rows);
  if (top_k_ && runs_.size() > 1) chunks = 1;
  std::vector<Record<W>> splitters;
  if (chunks > 1 && runs_.size() > 1) {
    std::vector<Record<W>> samples;
    const int64_t per_run = chunks * 4;
    for (const auto& [begin, end] : runs_)
      for (int64_t i = 0; i < per_run && end > begin; ++i) samples.push_back(records[begin + (end - begin) * i / per_run]);
    std::sort(samples.begin(), samples.end(), less);
    for (int64_t k = 1; k < chunks; ++k) splitters.push_back(samples[samples.size() * k / chunks]);
  }
  cuts_.assign(chunks + 1, {});
  for (int64_t k = 0; k <= chunks; ++k) {
    for (const auto& [begin, end] : runs_) {
      if (k == 0) cuts_[k].push_back(begin);
      else if (k == chunks) cuts_[k].push_back(end);
      else if (splitters.empty()) cuts_[k].push_back(std::min(end, begin + k * chunk_rows));  // one run: slices
      else cuts_[k].push_back(std::lower_bound(records + begin, records + end, splitters[k - 1], less) - records);
    }
  }
  chunk_rank_.assign(chunks + 1, 0);
  for (int64_t k = 0; k < chunks; ++k) {
    int64_t rows = 0;
    for (size_t r = 0; r < runs_.size(); ++r) rows += cuts_[k + 1][r] - cuts_[k][r];
    chunk_rank_[k + 1] = chunk_rank_[k] + rows;
  }
  num_chunks_ = chunks;
}

// The first `stop` rows of chunk `task` in merged order.
template <int W>
void PhysicalSort::merge_chunk(int64_t task, int64_t stop, std::vector<int64_t>& rows) {
  const auto* records = records_->data_as<const Record<W>>();
  if (runs_.size() == 1) {
    for (int64_t i = cuts_[task][0]; i < cuts_[task][0] + stop; ++i) rows.push_back(records[i].row);
    return;
  }
  const RecordLess<W> less{&normalized_, exact_};
  using Cursor = std::pair<int64_t, int64_t>;  // position in records_, end of its range
  auto after = [&](const Cursor& a, const Cursor& b) { return less(records[b.first], records[a.first]); };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(after)> heap(after);
  for (size_t r = 0; r < runs_.size(); ++r)
    if (cuts_[task][r] < cuts_[task + 1][r]) heap.push({cuts_[task][r], cuts_[task + 1][r]});
  while (!heap.empty() && static_cast<int64_t>(rows.size()) < stop) {
    Cursor top = heap.top();
    heap.pop();
    rows.push_back(records[top.first].row);
    if (++top.first < top.second) heap.push(top);
  }
}

SourceResult PhysicalSort::get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) {
  context.check_cancelled();
  // The chunk's rows in merged order, trimmed to output ranks [first_, wanted_).
  const int64_t rank_begin = external_ ? spilled_.chunk_rank(task) : chunk_rank_[task];
  const int64_t rank_end = external_ ? spilled_.chunk_rank(task + 1) : chunk_rank_[task + 1];
  const int64_t skip = std::max<int64_t>(0, first_ - rank_begin);
  const int64_t stop = std::min(rank_end, wanted_) - rank_begin;
  if (stop <= skip) return SourceResult::kFinished;
  Batch gathered;
  if (external_) {
    gathered = spilled_.merge_chunk(context, task, skip, stop);
  } else {
    std::vector<int64_t> rows;
    rows.reserve(stop);
    with_width([&](auto width) { merge_chunk<decltype(width)::value>(task, stop, rows); });
    gathered = take(data_, rows.data() + skip, stop - skip);
  }
  const int64_t count = gathered.num_rows();
  for (int64_t offset = 0; offset < count; offset += kOutputRows)
    emit(gathered.slice(offset, std::min(kOutputRows, count - offset)));
  return SourceResult::kFinished;
}

}  // namespace lode::exec
