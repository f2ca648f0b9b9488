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

// A block is one spill frame. A merge chunk reads, besides its own rows,
// up to two partial blocks a run at its cuts, so blocks stay small beside
// chunks (a 4096th of the limit, 16 KiB to 1 MiB); the file's 4 MiB
// write buffer keeps the writes large.
int64_t block_bytes(const MemoryManager& memory) {
  if (force_spill()) return int64_t{16} << 10;  // many blocks, so that cuts fall inside them
  if (!memory.has_limit()) return int64_t{1} << 20;
  return std::clamp<int64_t>(memory.limit_bytes() / 4096, int64_t{16} << 10, int64_t{1} << 20);
}

}  // namespace

SortRuns::SortRuns(std::vector<plan::SortKey> keys, int num_columns)
    : keys_(std::move(keys)), num_columns_(num_columns) {}

int64_t SortRuns::num_rows() const {
  int64_t rows = 0;
  for (const auto& run : runs_) rows += run.block_start.back();
  return rows;
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

Batch SortRuns::with_positions(const Batch& batch, const BatchOrder& order, MemoryManager& memory) {
  const int64_t n = batch.num_rows(), first = order.position();
  auto buffer = Buffer::allocate(n * 8, memory);
  auto* positions = buffer->data_as<int64_t>();
  for (int64_t row = 0; row < n; ++row) positions[row] = first + row;
  std::vector<std::shared_ptr<Column>> columns = batch.columns();
  columns.push_back(std::make_shared<Column>(DataType(TypeId::kInt64), n, std::move(buffer)));
  return Batch(std::move(columns), n);
}

void SortRuns::write_run(QueryContext& context, const std::function<void(const BatchEmitter&)>& sorted) {
  Run run;
  run.file = std::make_unique<io::spill::SpillFile>();
  std::vector<Batch> fences;
  int64_t rows = 0;
  const int64_t zero = 0;
  sorted([&](Batch batch) {
    context.check_cancelled();
    const int64_t n = batch.num_rows();
    const int64_t bytes = batch.data_bytes();
    run.bytes += bytes;
    const int64_t block_rows =
        std::clamp<int64_t>(block_bytes(*context.memory) * n / std::max<int64_t>(1, bytes), 16, int64_t{1} << 16);
    for (int64_t begin = 0; begin < n; begin += block_rows) {
      const Batch block = batch.slice(begin, std::min(block_rows, n - begin));  // written from its first row
      run.block_start.push_back(rows + begin);
      run.blocks.push_back(run.file->append(block));
      fences.push_back(take(block, &zero, 1));  // a copy: a slice would hold the whole batch
    }
    rows += n;
    return true;
  });
  if (rows == 0) return;
  run.file->finish();
  run.block_start.push_back(rows);
  run.fences = concatenate(std::move(fences));
  std::lock_guard lock(mutex_);
  runs_.push_back(std::move(run));
}

int64_t SortRuns::plan_chunks(int64_t chunk_bytes) {
  fences_.clear();
  int64_t total_bytes = 0, total_rows = 0;
  std::vector<std::pair<int64_t, int64_t>> fences;  // (run, block), one a block
  for (size_t r = 0; r < runs_.size(); ++r) {
    fences_.push_back(keyed(runs_[r].fences));
    for (size_t b = 0; b < runs_[r].blocks.size(); ++b) fences.push_back({static_cast<int64_t>(r), static_cast<int64_t>(b)});
    total_bytes += runs_[r].bytes;
    total_rows += runs_[r].block_start.back();
  }
  // A chunk at least eight blocks a run: its partial blocks then cost at most a quarter more reading.
  const auto blocks = static_cast<int64_t>(fences.size());
  const int64_t min_rows = 8 * static_cast<int64_t>(runs_.size()) * total_rows / std::max<int64_t>(1, blocks);
  const int64_t chunk_rows =
      std::max<int64_t>({1, chunk_bytes * total_rows / std::max<int64_t>(1, total_bytes), force_spill() ? 0 : min_rows});
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
