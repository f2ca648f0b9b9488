#pragma once
// The sort (and top-k: a sort with a limit), a sink and then a source, on
// all cores. The sink keeps each worker's batches (for a small top-k, only
// each batch's rows that can make the cut); finalize concatenates them in
// input order (a column per task), normalizes the keys and measures their
// ranges (a key per task; sort_keys.h), and sorts one run per worker (a run
// per task, partially for a small top-k). A run sorts fixed-size records:
// the keys' null ranks and order words (a string's 8-byte prefix), less
// their minimum, packed bit by bit into the fewest words, then the row. One
// word that orders the rows fully is radix-sorted; otherwise equal words
// fall back to the full comparison (strings, decimals, keys past 8 words).
// Splitters sampled from the runs cut the merged order into chunks; each
// source task merges one chunk of every run (a k-way merge), gathers it and
// emits it in batches, so the merge runs in parallel too. Stable: ties keep
// input order (the row index breaks them).
// Past the memory limit the sort goes external (sort_runs.h): workers write
// sorted runs to disk as their batches outgrow their share of memory, and
// finalize does too when sorting in memory would not fit; the source then
// merges chunks of the runs.

#include <mutex>
#include <vector>

#include "lode/exec/operators/sort_keys.h"
#include "lode/exec/operators/sort_runs.h"
#include "lode/exec/physical/physical_operator.h"

namespace lode::exec {

class PhysicalSort final : public PhysicalOperator {
 public:
  static constexpr int64_t kOutputRows = int64_t{1} << 17;

  /// `keys` bound to the input; with limit >= 0 keeps rows [offset, offset + limit) of the order.
  PhysicalSort(Schema schema, std::vector<plan::SortKey> keys, int64_t offset, int64_t limit);
  std::string name() const override { return limit_ >= 0 ? "TOP_K" : "SORT"; }
  std::string details() const override;

  bool is_sink() const override { return true; }
  std::unique_ptr<OperatorState> make_sink_state(QueryContext& context) override;
  SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) override;
  void combine(QueryContext& context, OperatorState& state) override;
  int64_t finalize_round(QueryContext& context, int round) override;
  void finalize_task(QueryContext& context, int round, int64_t task) override;

  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext& context) override { return num_chunks_; }
  SourceResult get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) override;

 private:
  static constexpr int kMaxWords = 8;
  struct Local;
  int64_t run_cost(int64_t bytes, int64_t rows) const;
  void write_run(QueryContext& context, std::vector<std::pair<BatchOrder, Batch>> batches);
  bool should_spill(QueryContext& context, const Local& local) const;
  bool fits_in_memory(QueryContext& context) const;
  int64_t external_round(QueryContext& context, int round);
  template <int W>
  struct Record;
  template <int W>
  struct RecordLess;
  template <typename Visit>
  void with_width(Visit&& visit);
  // A part of a key's record words: its null rank or its order word, less
  // its minimum over the rows, in `bits` bits.
  struct KeyPart {
    int key = 0;
    bool null_rank = false;
    uint64_t min = 0;
    int bits = 0;
    uint64_t value(const NormalizedKey& normalized, int64_t row) const;
  };
  void measure_key(QueryContext& context, int64_t k);
  void choose_layout();
  template <int W>
  void pack_row(int64_t row, uint64_t* words) const;
  void radix_sort(Record<1>* records, int64_t n, MemoryManager& memory) const;
  template <int W>
  void sort_run(QueryContext& context, int64_t run);
  template <int W>
  void plan_chunks(int64_t chunk_rows);
  template <int W>
  void merge_chunk(int64_t task, int64_t stop, std::vector<int64_t>& rows);

  std::vector<plan::SortKey> keys_;
  int64_t offset_, limit_;

  std::mutex mutex_;
  std::vector<std::pair<BatchOrder, Batch>> input_;
  int64_t input_bytes_ = 0;  // input_'s data_bytes()
  SortRuns spilled_;
  bool external_ = false;
  bool may_spill_ = true;  // not a run's own in-memory sort
  int64_t cut_tasks_ = 0;
  std::vector<std::vector<std::pair<BatchOrder, Batch>>> run_inputs_;  // finalize's runs to write
  std::vector<std::shared_ptr<Column>> columns_;
  Batch data_;
  std::vector<NormalizedKey> normalized_;
  std::vector<std::vector<KeyPart>> key_parts_;    // per key, its parts and their ranges
  std::vector<KeyPart> parts_;                     // the packed parts, from the first key
  int bits_ = 0;                                   // their bits
  int words_ = 1;                                  // words per record
  bool exact_ = false;                             // the words order rows fully (ties: by row)
  std::shared_ptr<Buffer> records_;                // n records of words_ + 1 words, sorted within each run
  std::vector<std::pair<int64_t, int64_t>> runs_;  // [begin, end) of each run's sorted part in records_
  int64_t first_ = 0, wanted_ = 0;                 // output ranks [first_, wanted_)
  bool top_k_ = false;
  int64_t num_chunks_ = 0;
  std::vector<std::vector<int64_t>> cuts_;  // per chunk boundary, per run: position in records_
  std::vector<int64_t> chunk_rank_;         // global rank of each chunk's first row
};

}  // namespace lode::exec
