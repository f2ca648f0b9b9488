#include "lode/exec/operators/sort_runs.h"

#include <algorithm>
#include <queue>

#include "lode/core/memory_manager.h"
#include "lode/core/take.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/query_context.h"
#include "lode/exec/spilling.h"

namespace lode::exec {

namespace {

// A block is one spill frame: large enough for sequential I/O, small
// enough that a chunk's partial blocks (two a run) stay cheap to read.
int64_t block_bytes(const MemoryManager& memory) {
  if (force_spill()) return int64_t{16} << 10;  // many blocks, so that cuts fall inside them
  const int64_t limit = memory.limit_bytes();
  if (limit == MemoryManager::kUnlimited) return int64_t{4} << 20;
  return std::clamp<int64_t>(limit / 512, int64_t{256} << 10, int64_t{4} << 20);
}

std::shared_ptr<Column> int64_column(const std::vector<int64_t>& values, MemoryManager& memory) {
  const auto n = static_cast<int64_t>(values.size());
  auto buffer = Buffer::allocate(n * 8, memory);
  std::copy(values.begin(), values.end(), buffer->data_as<int64_t>());
  return std::make_shared<Column>(DataType(TypeId::kInt64), n, std::move(buffer));
}

struct SortRecord {
  uint64_t word;
  int64_t row;
};

// Rows [0, n) of normalized `keys` in order, as records of the first key's
// order word (consistent with the order; ties go to the full comparison,
// which breaks them by row, so input order).
std::vector<SortRecord> sorted_records(const std::vector<NormalizedKey>& keys, int64_t n) {
  const NormalizedKey& first = keys.front();
  std::vector<SortRecord> records(n);
  for (int64_t row = 0; row < n; ++row) {
    uint64_t word = 0;
    if (first.has_nulls && first.null_rank[row] == first.nulls_last) {
      word = first.nulls_last ? UINT64_MAX : 0;  // a null: at its end of the order
    } else if (first.kind == NormalizedKey::Kind::kDecimal) {
      word = static_cast<uint64_t>(first.decimal[row] >> 64) ^ (uint64_t{1} << 63);
      if (first.descending) word = ~word;
    } else {
      word = first.descending ? ~first.fixed[row] : first.fixed[row];
    }
    records[row] = {word, row};
  }
  std::sort(records.begin(), records.end(), [&keys](const SortRecord& a, const SortRecord& b) {
    if (a.word != b.word) return a.word < b.word;
    return sorts_before(keys, a.row, b.row);
  });
  return records;
}

}  // namespace

int64_t SortRuns::run_bytes_per_row(size_t num_keys) { return 16 + 17 * static_cast<int64_t>(num_keys); }

SortRuns::SortRuns(std::vector<plan::SortKey> keys, int num_columns)
    : keys_(std::move(keys)), num_columns_(num_columns) {}

int64_t SortRuns::num_rows() const {
  int64_t rows = 0;
  for (const auto& run : runs_) rows += run.block_start.back();
  return rows;
}

int64_t SortRuns::num_bytes() const {
  int64_t bytes = 0;
  for (const auto& run : runs_) bytes += run.bytes;
  return bytes;
}

SortRuns::KeyedRows SortRuns::keyed(Batch batch) const {
  KeyedRows rows;
  for (const auto& key : keys_) rows.keys.push_back(normalize_key(*evaluate(*key.expr, batch), key));
  rows.positions = batch.column(num_columns_)->values<int64_t>();
  rows.batch = std::move(batch);
  return rows;
}

// The full order: the keys, then the input position (distinct for every row).
bool SortRuns::before(const KeyedRows& a, int64_t row_a, const KeyedRows& b, int64_t row_b) {
  for (size_t k = 0; k < a.keys.size(); ++k) {
    const int order = compare_key_across(a.keys[k], row_a, b.keys[k], row_b);
    if (order != 0) return order < 0;
  }
  return a.positions[row_a] < b.positions[row_b];
}

void SortRuns::write_run(QueryContext& context, std::vector<std::pair<BatchOrder, Batch>> batches) {
  std::sort(batches.begin(), batches.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<int64_t> positions;
  std::vector<Batch> inputs;
  for (auto& [order, batch] : batches) {
    const int64_t first = order.position();
    for (int64_t row = 0; row < batch.num_rows(); ++row) positions.push_back(first + row);
    inputs.push_back(std::move(batch));
  }
  batches.clear();
  Batch data = concatenate(std::move(inputs), num_columns_);
  std::vector<std::shared_ptr<Column>> columns = data.columns();
  columns.push_back(int64_column(positions, *context.memory));
  std::vector<int64_t>().swap(positions);
  const int64_t n = data.num_rows();
  if (n == 0) return;
  // The keys' order words and the records are accounted while they live.
  MemoryReservation reservation(*context.memory, "sort run");
  reservation.resize(n * run_bytes_per_row(keys_.size()));
  const KeyedRows rows = keyed(Batch(std::move(columns), n));
  data = Batch();
  const std::vector<SortRecord> records = sorted_records(rows.keys, n);

  Run run;
  for (const auto& column : rows.batch.columns()) run.bytes += column->data_bytes();
  const int64_t row_bytes = std::max<int64_t>(1, run.bytes / n);
  const int64_t block_rows = std::clamp<int64_t>(block_bytes(*context.memory) / row_bytes, 16, int64_t{1} << 16);
  run.file = std::make_unique<io::spill::SpillFile>();
  std::vector<Batch> fences;
  const int64_t zero = 0;
  std::vector<int64_t> picked;
  for (int64_t begin = 0; begin < n; begin += block_rows) {
    context.check_cancelled();
    const int64_t count = std::min(block_rows, n - begin);
    picked.clear();
    for (int64_t i = begin; i < begin + count; ++i) picked.push_back(records[i].row);
    const Batch block = take(rows.batch, picked.data(), count);
    run.block_start.push_back(begin);
    run.blocks.push_back(run.file->append(block));
    fences.push_back(take(block, &zero, 1));  // a copy: a slice would hold the whole block
  }
  run.file->finish();
  run.block_start.push_back(n);
  run.fences = concatenate(std::move(fences));
  std::lock_guard lock(mutex_);
  runs_.push_back(std::move(run));
}

int64_t SortRuns::plan_chunks(int64_t chunk_bytes) {
  fences_.clear();
  int64_t total_bytes = 0, total_rows = 0;
  std::vector<std::pair<int64_t, int64_t>> fences;  // (run, block)
  for (size_t r = 0; r < runs_.size(); ++r) {
    fences_.push_back(keyed(runs_[r].fences));
    for (size_t b = 0; b < runs_[r].blocks.size(); ++b) {
      fences.push_back({static_cast<int64_t>(r), static_cast<int64_t>(b)});
    }
    total_bytes += runs_[r].bytes;
    total_rows += runs_[r].block_start.back();
  }
  const int64_t chunk_rows = std::max<int64_t>(1, chunk_bytes * total_rows / std::max<int64_t>(1, total_bytes));
  std::sort(fences.begin(), fences.end(), [this](const auto& a, const auto& b) {
    return before(fences_[a.first], a.second, fences_[b.first], b.second);
  });
  splitters_.clear();
  int64_t rows = 0;
  for (const auto& [run, block] : fences) {
    if (rows >= chunk_rows) {
      splitters_.push_back({run, block});
      rows = 0;
    }
    rows += runs_[run].block_start[block + 1] - runs_[run].block_start[block];
  }
  cuts_.assign(num_chunks() + 1, std::vector<int64_t>(runs_.size(), 0));
  for (size_t r = 0; r < runs_.size(); ++r) cuts_.back()[r] = runs_[r].block_start.back();
  return static_cast<int64_t>(splitters_.size() * runs_.size());
}

// Places splitter task / runs in run task % runs: the rows of that run
// that sort before the splitter's fence.
void SortRuns::find_cut(QueryContext& context, int64_t task) {
  context.check_cancelled();
  const auto num_runs = static_cast<int64_t>(runs_.size());
  const int64_t boundary = task / num_runs + 1, r = task % num_runs;
  const auto [split_run, split_block] = splitters_[boundary - 1];
  const Run& run = runs_[r];
  if (r == split_run) {
    cuts_[boundary][r] = run.block_start[split_block];
    return;
  }
  const KeyedRows& splitter = fences_[split_run];
  // The blocks whose fence sorts before the splitter; the cut is in the last of them.
  int64_t low = 0, high = static_cast<int64_t>(run.blocks.size());
  while (low < high) {
    const int64_t mid = (low + high) / 2;
    if (before(fences_[r], mid, splitter, split_block)) low = mid + 1;
    else high = mid;
  }
  if (low == 0) return;  // every row of the run sorts after it
  const int64_t block = low - 1;
  const KeyedRows rows = keyed(run.file->read(run.blocks[block]));
  low = 0, high = rows.batch.num_rows();
  while (low < high) {
    const int64_t mid = (low + high) / 2;
    if (before(rows, mid, splitter, split_block)) low = mid + 1;
    else high = mid;
  }
  cuts_[boundary][r] = run.block_start[block] + low;
}

int64_t SortRuns::chunk_rank(int64_t chunk) const {
  int64_t rank = 0;
  for (const int64_t cut : cuts_[chunk]) rank += cut;
  return rank;
}

// Rows [begin, end) of a run, from the blocks that hold them.
Batch SortRuns::read_rows(const Run& run, int64_t begin, int64_t end) const {
  const auto first = std::upper_bound(run.block_start.begin(), run.block_start.end(), begin) - run.block_start.begin() - 1;
  std::vector<Batch> blocks;
  for (int64_t b = first; run.block_start[b] < end; ++b) blocks.push_back(run.file->read(run.blocks[b]));
  const Batch rows = concatenate(std::move(blocks));
  return rows.slice(begin - run.block_start[first], end - begin);
}

Batch SortRuns::merge_chunk(QueryContext& context, int64_t chunk, int64_t skip, int64_t stop) const {
  std::vector<KeyedRows> pieces;
  std::vector<int64_t> piece_start;  // of each piece in their concatenation
  int64_t total = 0;
  for (size_t r = 0; r < runs_.size(); ++r) {
    context.check_cancelled();
    const int64_t begin = cuts_[chunk][r], end = cuts_[chunk + 1][r];
    if (begin == end) continue;
    pieces.push_back(keyed(read_rows(runs_[r], begin, end)));
    piece_start.push_back(total);
    total += end - begin;
  }
  // A k-way merge of the pieces: a heap of cursors, the next row on top.
  using Cursor = std::pair<int64_t, int64_t>;  // (piece, row)
  auto after = [&pieces](const Cursor& a, const Cursor& b) {
    return before(pieces[b.first], b.second, pieces[a.first], a.second);
  };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(after)> heap(after);
  for (size_t p = 0; p < pieces.size(); ++p) heap.push({static_cast<int64_t>(p), 0});
  std::vector<int64_t> rows;
  rows.reserve(stop);
  while (!heap.empty() && static_cast<int64_t>(rows.size()) < stop) {
    Cursor top = heap.top();
    heap.pop();
    rows.push_back(piece_start[top.first] + top.second);
    if (++top.second < pieces[top.first].batch.num_rows()) heap.push(top);
  }
  std::vector<Batch> batches;
  for (auto& piece : pieces) batches.push_back(std::move(piece.batch));
  pieces.clear();
  const Batch merged = concatenate(std::move(batches), num_columns_);
  const Batch gathered = take(merged, rows.data() + skip, static_cast<int64_t>(rows.size()) - skip);
  std::vector<std::shared_ptr<Column>> columns(gathered.columns().begin(), gathered.columns().begin() + num_columns_);
  return Batch(std::move(columns), gathered.num_rows());
}

}  // namespace lode::exec
