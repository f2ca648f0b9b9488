#pragma once
// The sort's external part (sort.h), for inputs past the memory limit: an
// external merge sort. A worker whose buffered batches outgrow their share
// of memory sorts them in memory into a run (sort.h does, with its own
// in-memory sort) and writes it to a spill file (io/spill/) in blocks of
// rows, keeping each block's first row, its fence, in memory. The rows
// carry their input position as a last, hidden column, so the order is
// total across runs and the sort stays stable. The merge
// runs in parallel: splitters picked among the fences cut the merged order
// into chunks of a bounded size; the exact cut of each run at each
// splitter is found by reading the one block that holds it; each source
// task then reads its chunk's blocks of every run and merges them (a k-way
// merge over the runs), so memory holds a chunk per thread, not the input.

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "lode/exec/operators/sort_keys.h"
#include "lode/exec/physical/physical_operator.h"
#include "lode/io/spill/spill_file.h"

namespace lode::exec {

class SortRuns {
 public:
  /// `keys` bound to input batches of `num_columns` columns.
  SortRuns(std::vector<plan::SortKey> keys, int num_columns);

  /// Returns `batch` with its rows' input positions as a last column.
  static Batch with_positions(const Batch& batch, const BatchOrder& order, MemoryManager& memory);
  /// Writes one run: `sorted` emits its batches (with positions) in order.
  /// Callable from many workers at once.
  void write_run(QueryContext& context, const std::function<void(const BatchEmitter&)>& sorted);
  int64_t num_runs() const { return static_cast<int64_t>(runs_.size()); }
  int64_t num_rows() const;

  /// Picks splitters for chunks of about `chunk_bytes`; returns the number
  /// of find_cut() tasks that place them exactly, after which chunk_rank()
  /// and merge_chunk() may be called.
  int64_t plan_chunks(int64_t chunk_bytes);
  void find_cut(QueryContext& context, int64_t task);
  int64_t num_chunks() const { return static_cast<int64_t>(splitters_.size()) + 1; }
  /// The merged order's rank of the first row of `chunk` (num_chunks(): the total).
  int64_t chunk_rank(int64_t chunk) const;
  /// Rows [skip, stop) of chunk `chunk` in merged order, without the position column.
  Batch merge_chunk(QueryContext& context, int64_t chunk, int64_t skip, int64_t stop) const;

 private:
  struct Run {
    std::unique_ptr<io::spill::SpillFile> file;
    std::vector<io::spill::SpillFile::Frame> blocks;
    std::vector<int64_t> block_start;  // rows before each block, then the run's rows
    Batch fences;                      // each block's first row
    int64_t bytes = 0;                 // in memory, as data_bytes() counts them
  };
  // Rows with their keys normalized and their positions, for comparing
  // rows of different batches.
  struct KeyedRows {
    Batch batch;
    std::vector<NormalizedKey> keys;
    const int64_t* positions = nullptr;
  };
  KeyedRows keyed(Batch batch) const;
  static bool before(const KeyedRows& a, int64_t row_a, const KeyedRows& b, int64_t row_b);
  Batch read_rows(const Run& run, int64_t begin, int64_t end) const;

  std::vector<plan::SortKey> keys_;
  int num_columns_;
  std::mutex mutex_;
  std::vector<Run> runs_;
  std::vector<KeyedRows> fences_;                  // per run, its fences keyed
  std::vector<std::pair<int64_t, int64_t>> splitters_;  // (run, block) whose fence starts each chunk after the first
  std::vector<std::vector<int64_t>> cuts_;         // per chunk boundary, per run: rows before it
};

}  // namespace lode::exec
